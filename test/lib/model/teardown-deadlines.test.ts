import {
  FOREIGN_SERVICE_TIMEOUT_MARGIN_SECONDS,
  KUBECTL_LAMBDA_TIMEOUT_SECONDS,
  RESPONSE_MARGIN_MS,
  SERVICE_TIMEOUT_MARGIN_SECONDS,
  TEARDOWN_LAMBDA_TIMEOUT_SECONDS,
  TIER_WAIT_MS,
  UNREACHABLE_MS,
  teardownBoundSeconds,
  teardownStages,
} from '../../../lib/model/teardown-deadlines';

/** Lambda's longest timeout. @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html */
const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

describe('teardown stages', () => {
  test('uninstall, bootstrap manifest, then chart and sweep side by side, each bounded by its ServiceTimeout', () => {
    expect(teardownStages()).toEqual([
      { stage: 'uninstall (BuildUninstall)', seconds: 810 },
      { stage: 'bootstrap manifest (kubectl delete)', seconds: 895 },
      { stage: 'ArgoCD chart (helm uninstall) and sweep (BuildSweeper)', seconds: 895 },
    ]);
  });

  test('the bound is the sum of the stages', () => {
    expect(teardownBoundSeconds()).toBe(810 + 895 + 895);
  });
});

describe('the deadlines fit inside each other', () => {
  test('the Lambda timeouts are ones Lambda allows', () => {
    expect(TEARDOWN_LAMBDA_TIMEOUT_SECONDS).toBeLessThanOrEqual(LAMBDA_MAX_TIMEOUT_SECONDS);
    expect(KUBECTL_LAMBDA_TIMEOUT_SECONDS).toBeLessThanOrEqual(LAMBDA_MAX_TIMEOUT_SECONDS);
  });

  test('a teardown handler answers before CloudFormation stops waiting, which is before Lambda stops it', () => {
    const timeoutMs = TEARDOWN_LAMBDA_TIMEOUT_SECONDS * 1000;
    const handlerDeadline = timeoutMs - RESPONSE_MARGIN_MS;
    const serviceTimeout = timeoutMs - SERVICE_TIMEOUT_MARGIN_SECONDS * 1000;
    expect([handlerDeadline < serviceTimeout, serviceTimeout < timeoutMs]).toEqual([true, true]);
  });

  test('a foreign handler answering up to 10 s before its timeout is still heard', () => {
    expect(FOREIGN_SERVICE_TIMEOUT_MARGIN_SECONDS).toBeGreaterThan(0);
    expect(FOREIGN_SERVICE_TIMEOUT_MARGIN_SECONDS).toBeLessThan(10);
  });

  test('the uninstall can wait out one tier and an unreachable API within its own time', () => {
    const handlerMs = TEARDOWN_LAMBDA_TIMEOUT_SECONDS * 1000 - RESPONSE_MARGIN_MS;
    expect(TIER_WAIT_MS + UNREACHABLE_MS).toBeLessThan(handlerMs);
  });
});
