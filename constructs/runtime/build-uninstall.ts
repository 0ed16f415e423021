// The BuildUninstall custom resource's Delete, run by the sweeper's Lambda: the build's apps go
// in reverse tier order before CloudFormation deletes ArgoCD (lib/ops/teardown/uninstall.ts).
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { RESPONSE_MARGIN_MS, TIER_WAIT_MS, UNREACHABLE_MS } from '../../lib/ops/teardown/deadlines';
import { type KubeApi, kubeApi } from '../../lib/ops/teardown/kube-api';
import { errorLine } from '../../lib/ops/teardown/retry';
import { uninstall } from '../../lib/ops/teardown/uninstall';
import { eksToken } from './eks-token';
import { metricRecord } from './metrics';

/** The custom resource's properties (CloudFormation passes them as strings). */
export interface BuildUninstallProperties {
  readonly ClusterName: string;
  /** The API server URL (`https://…eks.amazonaws.com`). */
  readonly Endpoint: string;
  /** The cluster's certificate authority, base64 PEM as EKS gives it. */
  readonly CertificateAuthority: string;
  readonly Region: string;
  /** ArgoCD's namespace, where the Applications are. */
  readonly Namespace: string;
  readonly TierLabel: string;
  /** The app-of-apps Application, detached and deleted first. */
  readonly RootApplication: string;
}

export interface UninstallDeps {
  /** The Lambda's credentials, to sign the EKS token. */
  readonly credentials: () => AwsCredentialIdentityProvider;
  /**
   * The Kubernetes API to call (tests aim it at a fake server).
   * @default - the cluster's endpoint, trusting only its CA, with a fresh EKS token per call
   */
  readonly kube?: (props: BuildUninstallProperties) => KubeApi;
  /** @default 5000 */
  readonly pollMs?: number;
}

/** The API of the build's cluster, as the Lambda's role (mapped by its access entry). */
function clusterApi(props: BuildUninstallProperties, deps: UninstallDeps): KubeApi {
  const credentials = deps.credentials();
  return kubeApi(props.Endpoint, () => eksToken(props.ClusterName, props.Region, credentials), {
    ca: Buffer.from(props.CertificateAuthority, 'base64'),
  });
}

/**
 * Uninstalls the build's apps within the Lambda's remaining time (less the response margin):
 * each tier waited for at most `TIER_WAIT_MS` or its share of the time left, then load balancer
 * Services and PVCs until the end. Answers the reason and data for a SUCCESS response and logs the `UninstallLeft` metric.
 */
export async function uninstallOnDelete(
  props: BuildUninstallProperties,
  deps: UninstallDeps,
  log: (line: string) => void,
  remainingMs: number,
): Promise<{ reason: string; data: Record<string, number> }> {
  const end = Date.now() + remainingMs - RESPONSE_MARGIN_MS;
  let order: readonly string[] = [];
  let left: readonly string[];
  try {
    ({ order, left } = await uninstall((deps.kube ?? ((p) => clusterApi(p, deps)))(props), {
      namespace: props.Namespace,
      tierLabel: props.TierLabel,
      root: props.RootApplication,
      // Each tier waits at most TIER_WAIT_MS and at most its share of what is left, so the tiers
      // after it and the wait for load balancers and volumes keep theirs.
      tierDeadline: (_, after) => {
        const now = Date.now();
        return Math.min(now + TIER_WAIT_MS, now + (end - now) / (after + 2));
      },
      deadline: end,
      pollMs: deps.pollMs,
      unreachableMs: UNREACHABLE_MS,
    }));
  } catch (err) {
    // The uninstall reports what the API answers; this is anything else (no credentials, a bad CA).
    left = [`uninstall stopped: ${errorLine(err)}`];
  }
  log([...order.map((o) => `removed ${o}`), ...left.map((l) => `left ${l}`)].join('\n'));
  log(metricRecord(Date.now(), { UninstallLeft: left.length }, { ClusterName: props.ClusterName }));
  const summary = left.length === 0 ? ['nothing left'] : [`left ${left.length}: ${left.join('; ')}`];
  return {
    reason: [...summary, `removed ${order.join('; ') || 'nothing'}; the sweeper takes what is left`].join(
      '; ',
    ),
    data: { Tiers: order.length, Left: left.length },
  };
}
