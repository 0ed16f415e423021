import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = 'test/fixtures/diff';

function diff(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/run.js', 'bin/diff.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run diff', () => {
  test.each([
    ['no-change', 0],
    ['iam-widened', 1],
    ['database-replaced', 1],
    ['tier-moved', 1],
    ['manifest-changed', 1],
  ])('fixture %s exits %d', (name, code) => {
    const r = diff('--base', `${FIXTURES}/base`, '--head', `${FIXTURES}/${name}`);
    expect(r.stderr).toBe(code === 0 ? 'diff: no changes\n' : 'diff: changes in 1 of 2 stacks\n');
    expect(r.status).toBe(code);
    expect(r.stdout).toMatch(/^## Synth diff: `test\/fixtures\/diff\/base` → test\/fixtures\/diff\//);
  });

  test('--out writes the report to a file instead of standard output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'diff-test-'));
    try {
      const r = diff(
        '--base',
        `${FIXTURES}/base`,
        '--head',
        `${FIXTURES}/tier-moved`,
        '--out',
        join(dir, 'r.md'),
      );
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(readFileSync(join(dir, 'r.md'), 'utf8')).toContain(
        '| goldenpath-dev-persistent | backstage | tier 2 | tier 1.5 |',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [
      ['--base', 'no-such-ref-anywhere'],
      'Invalid --base: --base "no-such-ref-anywhere": neither a directory nor a commit of this repository; allowed: a git ref (origin/main, HEAD~1, a SHA) or a directory of cloud assemblies',
    ],
    [
      ['--base', 'HEAD', '--verbose'],
      'Invalid arguments to npm run diff: unknown argument "--verbose"; allowed: --base, --head, --out, --full-out, --max-chars, --envs',
    ],
    [
      ['--base', `${FIXTURES}/base`, '--head', 'test'],
      'Invalid --head: --head "test": no cloud assembly in it; allowed: a directory with manifest.json, or with one sub-directory per environment that has one',
    ],
  ])('bad input %j: one clear line, exit 2, no stack trace', (args, message) => {
    const r = diff(...args);
    expect(r.stderr).toBe(`${message}\n`);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
  });

  test('a git ref is synthesized from its own files (here HEAD, one environment)', () => {
    const r = diff(
      '--base',
      'HEAD',
      '--envs',
      'dev',
      '--head',
      `${FIXTURES}/base`,
      '--max-chars',
      '100000000',
    );
    expect(r.stderr).toContain('diff: synth --base HEAD env=dev\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^## Synth diff: `HEAD \([0-9a-f]{12}\)` → test\/fixtures\/diff\/base/);
    expect(r.stdout).toContain('<code>goldenpath-dev-foundation</code>');
  });
});
