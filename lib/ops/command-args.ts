import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UserInputError } from '../model/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The options of a command line (`npm run preflight`, `npm run sweep`), read strictly: an unknown
 * option, a missing value or a positional argument is a UserInputError that names it and gives
 * the command's usage.
 */
export function parseCommandArgs<O extends Options>(argv: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UserInputError('Invalid arguments', [`${(err as Error).message}; ${usage}`]);
  }
}
