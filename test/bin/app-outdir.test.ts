import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs bin/app.ts as the CDK CLI does, into `outdir`. */
function synth(outdir: string, context: Record<string, string>): void {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: object };
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...context }),
      CDK_VALIDATION: 'false',
    },
  });
  expect({ status: res.status, stderr: res.stderr }).toEqual({
    status: 0,
    stderr: expect.any(String) as string,
  });
}

describe('bin/app.ts output directory', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'goldenpath-outdir-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test("a synth leaves only the current stacks' templates and manifests, not an earlier build's", () => {
    synth(outdir, { buildId: 'pr-7' });
    expect(existsSync(join(outdir, 'manifests', 'goldenpath-dev-b-pr-7'))).toBe(true);
    synth(outdir, {});
    const templates = readdirSync(outdir).filter(
      (f) => /\.template\.json$/.test(f) && !f.includes('.nested.'),
    );
    expect(templates.sort()).toEqual(['Foundation.template.json', 'Persistent.template.json']);
    expect(readdirSync(outdir).filter((f) => f.startsWith('Ephemeral'))).toEqual([]);
    expect(readdirSync(join(outdir, 'manifests')).sort()).toEqual(['goldenpath-dev-persistent']);
  });
});
