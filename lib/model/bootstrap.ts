import type { EnvironmentName } from './config';
import type { FoundationCapabilities } from './contract';
import type { Lifecycle, Tier } from './tier';

/**
 * The typed bootstrap values of one cluster: everything the tier catalogue derives its Helm
 * values from (hostnames, DNS ownership, cluster name). The cluster stack computes them once and
 * writes them to the `argocd/goldenpath-bootstrap` ConfigMap; charts never hand-write a hostname.
 *
 * String fields may be CloudFormation tokens (values read from the Foundation contract), resolved
 * at deploy time.
 */
export interface BootstrapValues {
  readonly mode: Lifecycle;
  readonly maxTier: Tier;
  readonly env: EnvironmentName;
  /** @default - none (persistent clusters) */
  readonly buildId?: string;
  /** `<env>.<baseDomain>` or `b-<buildId>.<env>.<baseDomain>`; every host is `<service>.<hostSuffix>`. */
  readonly hostSuffix: string;
  /** ExternalDNS TXT owner id: `goldenpath-<env>` or `goldenpath-<env>-<buildId>`. */
  readonly dnsOwnerId: string;
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  readonly vpcId: string;
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
  readonly logBucketName: string;
  readonly capabilities: FoundationCapabilities;
}
