import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs bin/app.ts the way the CDK CLI does: context in CDK_CONTEXT_JSON, output in CDK_OUTDIR. */
function runApp(context: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'goldenpath-app-'));
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
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
  const templates = res.status === 0 ? readdirSync(outdir).filter((f) => f.endsWith('.template.json')) : [];
  rmSync(outdir, { recursive: true, force: true });
  return { status: res.status, stderr: res.stderr, templates };
}

describe('bin/app.ts', () => {
  test('bad input prints one clear message, no stack trace, and exits 1', () => {
    const { status, stderr } = runApp({ env: 'nope' });
    expect(status).toBe(1);
    expect(stderr).toBe('Unknown environment: -c env=nope: allowed environments: dev, test, staging, prod\n');
  });

  test('a malformed build id is refused with the allowed format', () => {
    const { status, stderr } = runApp({ buildId: 'PR_123' });
    expect(status).toBe(1);
    expect(stderr).toBe(
      'Invalid build id: -c buildId=PR_123: allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)\n',
    );
  });

  test('the default synth writes the dev Foundation', () => {
    const { status, templates } = runApp({});
    expect(status).toBe(0);
    expect(templates).toContain('Foundation.template.json');
  });
});
