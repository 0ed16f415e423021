import { parseCommandArgs } from '../../../lib/ops/command-args';
import { userInputMessage } from '../../util';

const OPTIONS = { env: { type: 'string' }, json: { type: 'boolean' } } as const;
const USAGE = 'usage: npm run x -- --env <env> [--json]';

describe('parseCommandArgs', () => {
  test('reads the options it is given', () => {
    expect(parseCommandArgs(['--env', 'dev', '--json'], OPTIONS, USAGE)).toEqual({ env: 'dev', json: true });
    expect(parseCommandArgs([], OPTIONS, USAGE)).toEqual({});
  });

  test.each([
    [['--nope'], "Unknown option '--nope'"],
    [['--env'], "Option '--env <value>' argument missing"],
    [['dev'], "Unexpected argument 'dev'"],
  ])('%j is refused, named, with the usage', (argv, problem) => {
    expect(userInputMessage(() => parseCommandArgs(argv, OPTIONS, USAGE))).toMatch(
      new RegExp(`^Invalid arguments: ${problem}.*; ${USAGE.replace(/[[\]]/g, '\\$&')}$`, 's'),
    );
  });
});
