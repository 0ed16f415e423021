/**
 * An error in what the user asked for (config, context, CLI flags), as opposed to a bug.
 *
 * Entry points print `message` alone (no stack trace) and exit non-zero. Each line of the
 * message names the input, the value received and what is allowed.
 */
export class UserInputError extends Error {
  public readonly problems: readonly string[];

  constructor(summary: string, problems: readonly string[]) {
    super(
      problems.length === 1
        ? `${summary}: ${problems[0]}`
        : [`${summary}:`, ...problems.map((p) => `  - ${p}`)].join('\n'),
    );
    this.name = 'UserInputError';
    this.problems = problems;
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
