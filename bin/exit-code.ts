// How every command of bin/ ends: the exit code its run resolves to, or, when it throws, the
// message and exit code its lib/ failure mapping gives (one line, no stack trace for bad input).
// exitCode, not exit(): stdout drains first when it is a pipe (CI reads reports from one).

/** What a command that threw prints to stderr and exits with. */
export type CommandFailure = (err: unknown) => { readonly code: number; readonly message: string };

/** Sets the exit code from `run`; resolves once it is set, for clean-up to follow. */
export function setExitCode(run: Promise<number>, failure: CommandFailure): Promise<void> {
  return run.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const { code, message } = failure(err);
      console.error(message);
      process.exitCode = code;
    },
  );
}
