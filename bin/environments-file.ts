// The one reader of config/environments.json for every entry point: a file that cannot be read
// or is not JSON gets one clear line naming the file, never a stack trace.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserInputError } from '../lib/model/errors';

const ROOT = join(__dirname, '..');

/** `config/environments.json` of this checkout. */
export const ENVIRONMENTS_FILE = join(ROOT, 'config', 'environments.json');

const ALLOWED = 'allowed: one JSON object of environment name → settings (README "Configure an environment")';

/** The parsed file, not yet validated (`loadEnvironmentConfig` and friends do that). */
export function readEnvironmentsFile(file: string = ENVIRONMENTS_FILE): unknown {
  const shown = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UserInputError('Cannot read the environments file', [`${shown}: ${reason}; ${ALLOWED}`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UserInputError('Invalid environments file', [
      `${shown}: received text that is not JSON (${(err as Error).message}); ${ALLOWED}`,
    ]);
  }
}
