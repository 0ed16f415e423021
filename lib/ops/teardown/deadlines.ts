/**
 * Every wait of a build's teardown, in one place: the constructs set their timeouts from these,
 * the handlers their deadlines, and the README's "longest it can take" is their sum
 * (`teardownBound`, checked against the README by a test).
 */

/** The sweeper Lambda's timeout, which also runs the uninstall (one function, two resources). */
export const TEARDOWN_LAMBDA_TIMEOUT_SECONDS = 14 * 60;

/** Kept back from a teardown Lambda's time to PUT its answer: a response never sent hangs the stack. */
export const RESPONSE_MARGIN_MS = 60_000;

/**
 * CloudFormation's wait for a custom resource's answer (`ServiceTimeout`) ends this long before
 * its Lambda's timeout, and after the handler's own deadline, by which it has always answered.
 */
export const SERVICE_TIMEOUT_MARGIN_SECONDS = 30;

/**
 * The same margin for custom resources whose handlers are not the teardown's (the kubectl
 * provider's, the database provisioner's, aws-cdk-lib's): small, so that a handler that answers
 * just before its own timeout (the provisioner gives up 10 s before) is still heard.
 */
export const FOREIGN_SERVICE_TIMEOUT_MARGIN_SECONDS = 5;

/** How long the uninstall waits for one tier's Applications before it strips their finalizers. */
export const TIER_WAIT_MS = 3 * 60_000;

/** How long the Kubernetes API may stay unreachable before the uninstall reports and leaves the rest to the sweeper. */
export const UNREACHABLE_MS = 60_000;

/**
 * The aws-eks-v2 kubectl handler's and its provider framework's Lambda timeout (set by
 * aws-cdk-lib, not configurable): the Helm chart's and the manifest's deletes run in it.
 */
export const KUBECTL_LAMBDA_TIMEOUT_SECONDS = 15 * 60;

/** The custom resources that run one after the other on a build's delete, each with its `ServiceTimeout`. */
export function teardownSteps(): { readonly step: string; readonly seconds: number }[] {
  const teardown = TEARDOWN_LAMBDA_TIMEOUT_SECONDS - SERVICE_TIMEOUT_MARGIN_SECONDS;
  const kubectl = KUBECTL_LAMBDA_TIMEOUT_SECONDS - FOREIGN_SERVICE_TIMEOUT_MARGIN_SECONDS;
  return [
    { step: 'uninstall (BuildUninstall)', seconds: teardown },
    { step: 'bootstrap manifest (kubectl delete)', seconds: kubectl },
    { step: 'ArgoCD chart (helm uninstall)', seconds: kubectl },
    { step: 'sweep (BuildSweeper)', seconds: teardown },
  ];
}

/** The longest the custom resources of a build's delete can take together, in minutes. */
export function teardownBoundMinutes(): number {
  return teardownSteps().reduce((sum, s) => sum + s.seconds, 0) / 60;
}
