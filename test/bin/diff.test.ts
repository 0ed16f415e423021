import { runBin } from '../support/cli';

// The command runs in-process in test/lib/ops/diff/command.test.ts (every fixture, --out, bad
// input); here it is spawned as `npm run diff` runs it, to prove the wiring: the exit codes, the
// streams, one line for bad input, and a git ref synthesized end to end.
const FIXTURES = 'test/fixtures/diff';

function diff(...args: string[]) {
  return runBin('bin/diff.ts', args);
}

describe('npm run diff', () => {
  test('fixture no-change exits 0', () => {
    const r = diff('--base', `${FIXTURES}/base`, '--head', `${FIXTURES}/no-change`);
    expect(r.stderr).toBe('diff: no changes\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## Synth diff: `test\/fixtures\/diff\/base` → test\/fixtures\/diff\//);
  });

  test('bad input: one clear line, exit 2, no stack trace', () => {
    expect(diff('--base', 'HEAD', '--verbose')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'Invalid arguments to npm run diff: unknown argument "--verbose"; allowed: --base, --head, --out, --full-out, --max-chars, --envs\n',
    });
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
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## Synth diff: `HEAD \([0-9a-f]{12}\)` → test\/fixtures\/diff\/base/);
    expect(r.stdout).toContain('<code>goldenpath-dev-foundation</code>');
  });
});
