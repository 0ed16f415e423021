import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { UserInputError, show } from '../../../lib/model/errors';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Lints `code` as if it were the file at `path`, with the no-restricted-syntax rule the
 * project's eslint.config.mjs gives that path (ESLint's Node API, in a child process because the
 * config is an ES module). Only that rule runs, without type information, so it takes a second.
 */
function lintThrow(path: string, code: string): { ruleId: string | null; message: string; line: number }[] {
  const script = `
    const { ESLint, Linter } = require('eslint');
    const tseslint = require('typescript-eslint');
    const [path, code] = JSON.parse(process.argv[1]);
    new ESLint({ cwd: process.cwd() }).calculateConfigForFile(path).then((config) => {
      const rule = config.rules['no-restricted-syntax'];
      const messages = rule === undefined ? [] : new Linter({ configType: 'flat' }).verify(
        code,
        [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { 'no-restricted-syntax': rule } }],
        path,
      );
      process.stdout.write(JSON.stringify(messages.map(({ ruleId, message, line }) => ({ ruleId, message, line }))));
    });
  `;
  const res = spawnSync(process.execPath, ['-e', script, JSON.stringify([path, code])], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout) as { ruleId: string | null; message: string; line: number }[];
}

describe('UserInputError', () => {
  test('one problem: on the summary line', () => {
    expect(new UserInputError('Invalid build id', ['-c buildId=X: bad']).message).toBe(
      'Invalid build id: -c buildId=X: bad',
    );
  });

  test('several problems: one per line, all of them', () => {
    const err = new UserInputError('Invalid CDK context', ['-c env=qa: bad', '-c maxTier=9: bad']);
    expect([err.message, err.problems, err.summary, err.constructPath]).toEqual([
      'Invalid CDK context:\n  - -c env=qa: bad\n  - -c maxTier=9: bad',
      ['-c env=qa: bad', '-c maxTier=9: bad'],
      'Invalid CDK context',
      undefined,
    ]);
  });

  test('thrown for a construct: carries its path and says it', () => {
    const stack = new Stack(new App(), 'Persistent');
    const err = new UserInputError('Invalid app secret', ['secrets: bad'], stack);
    expect([err.message, err.constructPath]).toEqual([
      'Invalid app secret (at Persistent): secrets: bad',
      'Persistent',
    ]);
  });

  test('throwIfAny: nothing to report is no error, anything is one error with all of it', () => {
    expect(() => UserInputError.throwIfAny('Bad', [])).not.toThrow();
    expect(() => UserInputError.throwIfAny('Bad', ['a', 'b'])).toThrow('Bad:\n  - a\n  - b');
  });

  test('within: a pure function’s error gets the construct path; others pass through unchanged', () => {
    const stack = new Stack(new App(), 'Ephemeral');
    const fail = (e: Error) => () =>
      UserInputError.within(stack, () => {
        throw e;
      });
    expect(fail(new UserInputError('Bad', ['x']))).toThrow('Bad (at Ephemeral): x');
    const other = new Stack(new App(), 'Other');
    expect(fail(new UserInputError('Bad', ['x'], other))).toThrow('Bad (at Other): x');
    expect(fail(new RangeError('bug'))).toThrow(RangeError);
    expect(UserInputError.within(stack, () => 7)).toBe(7);
  });

  test('show renders values for messages', () => {
    expect([show(undefined), show('a'), show(3), show({ a: 1 })]).toEqual([
      '(missing)',
      '"a"',
      '3',
      '{"a":1}',
    ]);
  });
});

describe('lint: no bare Error on the synth path', () => {
  const THROW = "export function f(): void {\n  throw new Error('x');\n}\n";

  test.each(['lib/model/x.ts', 'lib/stacks/x.ts', 'constructs/cluster/x.ts', 'tiers/tier2/x.ts'])(
    '%s: throw new Error is reported',
    (path) => {
      expect(lintThrow(path, THROW)).toEqual([
        {
          ruleId: 'no-restricted-syntax',
          line: 2,
          message:
            'Throw UserInputError (lib/model/errors.ts) on the synth path: it carries every problem and the construct path, and the entry points print it without a stack trace.',
        },
      ]);
    },
  );

  test('TypeError and a call without new are reported too', () => {
    const code = "export function f(): void {\n  if (1) throw new TypeError('x');\n  throw Error('y');\n}\n";
    expect(lintThrow('lib/model/x.ts', code).map((m) => m.line)).toEqual([2, 3]);
  });

  test.each(['constructs/runtime/x.ts', 'bin/x.ts', 'lib/ops/x.ts'])(
    '%s may throw its own errors',
    (path) => {
      expect(lintThrow(path, THROW)).toEqual([]);
    },
  );

  test('UserInputError is what the rule asks for', () => {
    expect(
      lintThrow('lib/model/x.ts', "export function f(): void {\n  throw new UserInputError('x', []);\n}\n"),
    ).toEqual([]);
  });
});
