import {
  errorLine,
  isNamed,
  isPermanent,
  isThrottled,
  waitForRetry,
  withThrottleRetry,
} from '../../../../lib/ops/teardown/retry';
import { awsError } from './faults';

describe('error names', () => {
  test('either SDK form of a name matches either form asked for', () => {
    expect([
      isNamed(awsError('LoadBalancerNotFound', 'x'), 'LoadBalancerNotFoundException'),
      isNamed(awsError('LoadBalancerNotFoundException', 'x'), 'LoadBalancerNotFound'),
      isNamed(awsError('LoadBalancerNotFoundException', 'x'), 'LoadBalancerNotFoundException'),
      isNamed(awsError('LoadBalancerNotFound', 'x'), 'TargetGroupNotFound', 'LoadBalancerNotFound'),
      isNamed(awsError('LoadBalancerNotFoundX', 'x'), 'LoadBalancerNotFound'),
      isNamed('LoadBalancerNotFound', 'LoadBalancerNotFound'),
    ]).toEqual([true, true, true, true, false, false]);
  });

  test.each([
    ['Throttling', true, false],
    ['ThrottlingException', true, false],
    ['TooManyRequestsException', true, false],
    ['RequestLimitExceeded', true, false],
    ['PriorRequestNotComplete', true, false],
    ['AccessDenied', false, true],
    ['AccessDeniedException', false, true],
    ['UnauthorizedOperation', false, true],
    ['AuthorizationError', false, true],
    ['ValidationError', false, true],
    ['InvalidParameterValue', false, true],
    ['InvalidParameterCombination', false, true],
    ['ResourceInUse', false, false],
    ['DependencyViolation', false, false],
  ])('%s: throttled %s, permanent %s', (name, throttled, permanent) => {
    const err = awsError(name, 'x');
    expect([isThrottled(err), isPermanent(err)]).toEqual([throttled, permanent]);
  });

  test('an error line is the name and the first line of the message, never a stack trace', () => {
    expect([
      errorLine(
        awsError('DependencyViolation', 'resource sg-1 has a dependent object\n    at Foo (x.js:1:1)'),
      ),
      errorLine('plain text'),
      errorLine(undefined),
    ]).toEqual([
      'DependencyViolation: resource sg-1 has a dependent object',
      'string: plain text',
      'undefined: undefined',
    ]);
  });
});

describe('waitForRetry', () => {
  test('waits one delay and answers true while the deadline is further away than the delay', async () => {
    const started = Date.now();
    expect(await waitForRetry({ deadline: 1_000 + 50, now: () => 1_000, retryDelayMs: 40 })).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  test('answers false at once when the wait would reach or pass the deadline', async () => {
    const started = Date.now();
    expect([
      await waitForRetry({ deadline: 1_040, now: () => 1_000, retryDelayMs: 40 }),
      await waitForRetry({ deadline: 1_000, now: () => 1_000, retryDelayMs: 0 }),
    ]).toEqual([false, false]);
    expect(Date.now() - started).toBeLessThan(30);
  });

  test('the delay defaults to five seconds', async () => {
    jest.useFakeTimers();
    try {
      const waiting = waitForRetry({ deadline: 6_001, now: () => 1_000 });
      await jest.advanceTimersByTimeAsync(5_000);
      expect([await waiting, await waitForRetry({ deadline: 6_000, now: () => 1_000 })]).toEqual([
        true,
        false,
      ]);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('withThrottleRetry', () => {
  const soon = { deadline: Date.now() + 60_000, retryDelayMs: 1 };

  test('throttling is retried until the call succeeds', async () => {
    let calls = 0;
    const result = await withThrottleRetry(() => {
      calls += 1;
      return calls <= 3
        ? Promise.reject(awsError(calls % 2 ? 'Throttling' : 'RequestLimitExceeded', 'Rate exceeded'))
        : Promise.resolve('listed');
    }, soon);
    expect([result, calls]).toEqual(['listed', 4]);
  });

  test('any other error is thrown at once, not retried', async () => {
    let calls = 0;
    const call = () => {
      calls += 1;
      return Promise.reject(awsError('NoSuchHostedZone', 'No hosted zone found with ID: Z1'));
    };
    await expect(withThrottleRetry(call, soon)).rejects.toThrow('No hosted zone found with ID: Z1');
    expect(calls).toBe(1);
  });

  test('throttling past the deadline throws the last throttling error', async () => {
    let calls = 0;
    let clock = 0;
    const call = () => {
      calls += 1;
      clock += 100;
      return Promise.reject(awsError('ThrottlingException', `Rate exceeded (call ${calls})`));
    };
    await expect(
      withThrottleRetry(call, { deadline: 250, now: () => clock, retryDelayMs: 1 }),
    ).rejects.toThrow('Rate exceeded (call 3)');
    expect(calls).toBe(3);
  });
});
