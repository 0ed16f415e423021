import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { diffFailure, runDiffCommand } from '../../../../lib/ops/diff/command';
import { SynthError } from '../../../../lib/ops/diff/synth';
import { runCommand } from '../../../support/cli';

const ROOT = join(__dirname, '..', '..', '..', '..');
// Relative, as a user types it (the report names the directories as given).
const FIXTURES = relative(process.cwd(), join(ROOT, 'test', 'fixtures', 'diff'));

describe('the diff command, in-process (test/bin/diff.test.ts spawns it)', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'diff-command-test-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const diff = (...args: string[]) =>
    runCommand(
      (output) => runDiffCommand(args, { repoRoot: ROOT, work, env: process.env, ...output }),
      diffFailure,
    );

  test.each([
    ['no-change', 0],
    ['iam-widened', 1],
    ['database-replaced', 1],
    ['tier-moved', 1],
    ['manifest-changed', 1],
  ])('fixture %s exits %d', async (name, code) => {
    const r = await diff('--base', `${FIXTURES}/base`, '--head', `${FIXTURES}/${name}`);
    expect(r.stderr).toBe(code === 0 ? 'diff: no changes\n' : 'diff: changes in 1 of 2 stacks\n');
    expect(r.code).toBe(code);
    expect(r.stdout.startsWith(`## Synth diff: \`${FIXTURES}/base\` → ${FIXTURES}/`)).toBe(true);
  });

  test('--out writes the report to a file instead of standard output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diff-test-'));
    try {
      const r = await diff(
        '--base',
        `${FIXTURES}/base`,
        '--head',
        `${FIXTURES}/tier-moved`,
        '--out',
        join(dir, 'r.md'),
      );
      expect(r.code).toBe(1);
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
  ])('bad input %j: one clear line, exit 2, no stack trace', async (args, message) => {
    expect(await diff(...args)).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  test('a synth that fails is its message alone; anything else is a bug, with its stack; exit 2', () => {
    const failed = new SynthError(
      'synth of the working tree failed for env=dev: `node bin/run.js bin/app.ts` exited with 1:\nboom',
    );
    expect(diffFailure(failed)).toEqual({ code: 2, message: failed.message });
    const bug = new TypeError('x is undefined');
    expect(diffFailure(bug)).toEqual({ code: 2, message: `diff failed: ${bug.stack}` });
    expect(diffFailure('thrown string')).toEqual({ code: 2, message: 'diff failed: thrown string' });
  });
});
