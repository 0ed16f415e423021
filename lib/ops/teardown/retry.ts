import { awsErrorName } from '../preflight/aws-errors';

/**
 * SDK v2 and the older service models name some errors without the `Exception` suffix that SDK v3
 * gives them (`LoadBalancerNotFound` / `LoadBalancerNotFoundException`): either form matches.
 */
export function isNamed(err: unknown, ...bases: string[]): boolean {
  const name = awsErrorName(err).replace(/Exception$/, '');
  return bases.some((b) => b.replace(/Exception$/, '') === name);
}

/** Errors that mean "not now" from any of the APIs the teardown calls. */
export function isThrottled(err: unknown): boolean {
  return isNamed(err, 'Throttling', 'TooManyRequests', 'RequestLimitExceeded', 'PriorRequestNotComplete');
}

/** Errors no retry will fix: the caller lacks permission or sent something invalid. */
export function isPermanent(err: unknown): boolean {
  return isNamed(
    err,
    'AccessDenied',
    'UnauthorizedOperation',
    'AuthorizationError',
    'ValidationError',
    'InvalidParameterValue',
    'InvalidParameterCombination',
  );
}

/** `<name>: <first line of the message>`, never a stack trace. */
export function errorLine(err: unknown): string {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return `${awsErrorName(err)}: ${message}`;
}

/** When to give up and how long to wait between tries; the clock is injectable for tests. */
export interface RetryBudget {
  /** Epoch milliseconds after which nothing is retried. */
  readonly deadline: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default 5000 */
  readonly retryDelayMs?: number;
}

/** Waits one retry delay and answers true, or answers false if that wait would pass the deadline. */
export async function waitForRetry(budget: RetryBudget): Promise<boolean> {
  const delay = budget.retryDelayMs ?? 5000;
  if ((budget.now ?? Date.now)() + delay >= budget.deadline) return false;
  await new Promise((r) => setTimeout(r, delay));
  return true;
}

/** Runs `call`, retrying throttling until the deadline; any other error, or the deadline, throws. */
export async function withThrottleRetry<T>(call: () => Promise<T>, budget: RetryBudget): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!isThrottled(err) || !(await waitForRetry(budget))) throw err;
    }
  }
}
