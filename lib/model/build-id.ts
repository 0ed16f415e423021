import { UserInputError, show } from './errors';

/** DESIGN §6: lower-case letters, digits and single hyphens; starts and ends alphanumeric. */
const BUILD_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_BUILD_ID_LENGTH = 20;

/** A validated build id (only `parseBuildId` makes one). */
export type BuildId = string & { readonly __brand: 'BuildId' };

/**
 * Validates `-c buildId=<id>`.
 *
 * @throws UserInputError naming the value and the allowed format
 */
export function parseBuildId(raw: unknown): BuildId {
  const problems: string[] = [];
  if (typeof raw !== 'string' || raw.length === 0) {
    problems.push(`-c buildId: received ${show(raw)}; expected a build id such as 26-01-23-01 or pr-123`);
  } else if (raw.length > MAX_BUILD_ID_LENGTH) {
    problems.push(`-c buildId=${raw}: ${raw.length} characters; at most ${MAX_BUILD_ID_LENGTH} are allowed`);
  } else if (!BUILD_ID.test(raw)) {
    problems.push(
      `-c buildId=${raw}: allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)`,
    );
  }
  if (problems.length > 0) throw new UserInputError('Invalid build id', problems);
  return raw as BuildId;
}
