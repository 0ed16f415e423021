/** A client the fault can be attached to: any AWS SDK v3 client. */
interface WithMiddleware {
  readonly middlewareStack: {
    add(
      mw: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

let faults = 0;

/** An error shaped as the AWS SDK throws it: the AWS error code is its name. */
export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/**
 * Puts a fault in front of one command of a client (the request never reaches moto when it
 * throws). `fault` gets the command's input and the call's number (1, 2, …) and either throws,
 * or returns to let the call through. Returns the calls seen, for asserting on.
 */
export function injectFault(
  client: unknown,
  command: string,
  fault: (input: Record<string, unknown>, call: number) => Promise<void> | void,
): { readonly calls: () => number } {
  let calls = 0;
  faults += 1;
  (client as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === command) {
        calls += 1;
        await fault((args as { input: Record<string, unknown> }).input, calls);
      }
      return next(args);
    },
    { step: 'initialize', name: `fault-${command}-${faults}` },
  );
  return { calls: () => calls };
}

/**
 * Answers one command of a client with `output` instead of calling moto: for states moto cannot
 * hold (a stack that stays `DELETE_IN_PROGRESS`).
 */
export function answerWith(client: unknown, command: string, output: () => unknown): void {
  faults += 1;
  (client as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) =>
      context.commandName === command ? { output: { $metadata: {}, ...(output() as object) } } : next(args),
    { step: 'initialize', name: `answer-${command}-${faults}` },
  );
}

/** Lets one command of a client through to moto, then changes what it answers with `alter`. */
export function alterOutput<T>(client: unknown, command: string, alter: (output: T) => T): void {
  faults += 1;
  (client as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      const result = (await next(args)) as { output: T };
      return context.commandName === command ? { ...result, output: alter(result.output) } : result;
    },
    { step: 'initialize', name: `alter-${command}-${faults}` },
  );
}
