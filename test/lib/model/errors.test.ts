import { App, Stack } from 'aws-cdk-lib';
import { UserInputError, show } from '../../../lib/model/errors';
import { type LintMessage, lintAs } from '../../support/lint';

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
  const REPORTED = ['lib/model/x.ts', 'lib/stacks/x.ts', 'constructs/cluster/x.ts', 'tiers/tier2/x.ts'];
  const ALLOWED = ['constructs/runtime/x.ts', 'bin/x.ts', 'lib/ops/x.ts'];
  const OTHER_THROWS =
    "export function f(): void {\n  if (1) throw new TypeError('x');\n  throw Error('y');\n}\n";
  const USER_INPUT = "export function f(): void {\n  throw new UserInputError('x', []);\n}\n";
  let results: Map<string, LintMessage[]>;
  beforeAll(() => {
    const cases = [
      ...[...REPORTED, ...ALLOWED].map((path) => [path, THROW] as const),
      ['lib/model/other.ts', OTHER_THROWS] as const,
      ['lib/model/user.ts', USER_INPUT] as const,
    ];
    const messages = lintAs(['no-restricted-syntax'], cases);
    results = new Map(cases.map(([path], i) => [path, messages[i]]));
  });

  test.each(REPORTED)('%s: throw new Error is reported', (path) => {
    expect(results.get(path)).toEqual([
      {
        ruleId: 'no-restricted-syntax',
        line: 2,
        message:
          'Throw UserInputError (lib/model/errors.ts) on the synth path: it carries every problem and the construct path, and the entry points print it without a stack trace.',
      },
    ]);
  });

  test('TypeError and a call without new are reported too', () => {
    expect(results.get('lib/model/other.ts')!.map((m) => m.line)).toEqual([2, 3]);
  });

  test.each(ALLOWED)('%s may throw its own errors', (path) => {
    expect(results.get(path)).toEqual([]);
  });

  test('UserInputError is what the rule asks for', () => {
    expect(results.get('lib/model/user.ts')).toEqual([]);
  });
});
