import type { IConstruct } from 'constructs';

/**
 * The one error type of the synth path: something in what the user asked for (config, context,
 * CLI flags, construct props) cannot be built, as opposed to a crash.
 *
 * It carries every problem found (checks run to the end and report together) and, when it is
 * thrown by or for a construct, that construct's path. Entry points print `message` alone (no
 * stack trace) and exit non-zero. Each problem names the input, the value received and what is
 * allowed.
 */
export class UserInputError extends Error {
  /** One line per problem: `<input>: received <value>; <what is allowed>`. */
  public readonly problems: readonly string[];
  /** What went wrong, in a few words: `Invalid build id`. */
  public readonly summary: string;
  /** @default - none: the input is not a construct's (context, config file, flags) */
  public readonly constructPath?: string;

  constructor(summary: string, problems: readonly string[], scope?: IConstruct) {
    const at = scope && scope.node.path !== '' ? ` (at ${scope.node.path})` : '';
    super(
      problems.length === 1
        ? `${summary}${at}: ${problems[0]}`
        : [`${summary}${at}:`, ...problems.map((p) => `  - ${p}`)].join('\n'),
    );
    this.name = 'UserInputError';
    this.summary = summary;
    this.problems = problems;
    this.constructPath = scope?.node.path;
  }

  /**
   * Throws one error with every problem in `problems`, if there is any (the aws-rds
   * `validate-database-cluster-props` habit: check everything, then report everything).
   */
  public static throwIfAny(summary: string, problems: readonly string[], scope?: IConstruct): void {
    if (problems.length > 0) throw new UserInputError(summary, problems, scope);
  }

  /**
   * Runs `fn` on behalf of `scope`: a `UserInputError` it throws without a construct path is
   * thrown again with `scope`'s, so a pure function's error still says where it happened.
   */
  public static within<T>(scope: IConstruct, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof UserInputError && err.constructPath === undefined) {
        throw new UserInputError(err.summary, err.problems, scope);
      }
      throw err;
    }
  }
}

/** Renders a received value for an error message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  try {
    // JSON.stringify returns undefined for functions and symbols, which config never holds.
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
