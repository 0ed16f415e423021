import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApp } from '../support/app';

/** Runs the app into a temporary directory it removes. */
function runAppOnce(context: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'goldenpath-app-'));
  try {
    return runApp(outdir, context);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('bin/app.ts', () => {
  test('bad input prints one clear message, no stack trace, and exits 1', () => {
    const { status, stderr } = runAppOnce({ env: 'nope' });
    expect(status).toBe(1);
    expect(stderr).toBe('Unknown environment: -c env=nope: allowed environments: dev, test, staging, prod\n');
  });

  test('a malformed build id is refused with the allowed format', () => {
    const { status, stderr } = runAppOnce({ buildId: 'PR_123' });
    expect(status).toBe(1);
    expect(stderr).toBe(
      'Invalid build id: -c buildId=PR_123: allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)\n',
    );
  });
  // The default synth (Foundation and Persistent, nothing else) is checked below, with the output directory.
});

/** Runs bin/app.ts as the CDK CLI does, into `outdir`; it must succeed. */
function synth(outdir: string, context: Record<string, string>): void {
  expect(runApp(outdir, context)).toEqual({ status: 0, stderr: expect.any(String) as string });
}

/** The asset files and folders the output directory's asset manifests name. */
function referencedAssets(outdir: string): string[] {
  return readdirSync(outdir)
    .filter((f) => f.endsWith('.assets.json'))
    .flatMap((f) => {
      const manifest = JSON.parse(readFileSync(join(outdir, f), 'utf8')) as {
        files?: Record<string, { source: { path: string } }>;
      };
      return Object.values(manifest.files ?? {}).map((a) => a.source.path);
    })
    .filter((p) => p.startsWith('asset.'));
}

describe('bin/app.ts output directory', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'goldenpath-outdir-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test("a synth leaves only the current stacks' templates, assets and manifests, not an earlier build's", () => {
    synth(outdir, { buildId: 'pr-7' });
    expect(existsSync(join(outdir, 'manifests', 'goldenpath-dev-b-pr-7'))).toBe(true);
    const buildAssets = new Set(referencedAssets(outdir));
    // What an earlier synth of other handler sources left, and a file CDK did not write.
    const stale = [`asset.${'a'.repeat(64)}`, `asset.${'b'.repeat(64)}.zip`];
    mkdirSync(join(outdir, stale[0]));
    writeFileSync(join(outdir, stale[0], 'index.js'), '');
    writeFileSync(join(outdir, stale[1]), '');
    writeFileSync(join(outdir, 'notes.txt'), 'mine');

    synth(outdir, {});
    const names = readdirSync(outdir);
    const templates = names.filter((f) => /\.template\.json$/.test(f) && !f.includes('.nested.'));
    expect(templates.sort()).toEqual(['Foundation.template.json', 'Persistent.template.json']);
    expect(names.filter((f) => f.startsWith('Ephemeral'))).toEqual([]);
    expect(readdirSync(join(outdir, 'manifests')).sort()).toEqual(['goldenpath-dev-persistent']);
    // Only the assets the current stacks name: the build's sweeper bundle and the planted ones are gone.
    const assets = names.filter((f) => f.startsWith('asset.'));
    expect(assets.sort()).toEqual([...new Set(referencedAssets(outdir))].sort());
    expect([...buildAssets].filter((a) => !assets.includes(a))).not.toEqual([]);
    expect(names).toContain('notes.txt');
  });
});
