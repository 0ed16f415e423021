import type { ClusterSpec } from './app-context';
import type { BootstrapValues } from './bootstrap';
import type { EnvironmentConfig } from './config';
import type { FoundationContract } from './contract';
import type { DnsScope } from './dns-scope';
import { clusterName } from './naming';

/**
 * The typed bootstrap values of a cluster (what the `argocd/goldenpath-bootstrap` ConfigMap holds
 * and what the tier catalogue computes its Helm values from), from the cluster's DNS scope as
 * `planCluster` computed it. Contract fields may be deploy-time tokens.
 */
export function bootstrapValues(
  config: EnvironmentConfig,
  cluster: ClusterSpec,
  contract: FoundationContract,
  dns: Pick<DnsScope, 'hostSuffix' | 'externalDns'>,
): BootstrapValues {
  return {
    mode: cluster.kind,
    maxTier: cluster.maxTier,
    env: config.name,
    buildId: cluster.kind === 'ephemeral' ? cluster.buildId : undefined,
    hostSuffix: dns.hostSuffix,
    dnsOwnerId: dns.externalDns.txtOwnerId,
    account: config.account,
    region: config.region,
    clusterName: clusterName(cluster),
    vpcId: contract.vpcId,
    hostedZoneId: contract.hostedZoneId,
    hostedZoneName: contract.hostedZoneName,
    logBucketName: contract.logBucketName,
    capabilities: contract.capabilities,
  };
}

/** The bootstrap values as ConfigMap data: flat string keys, capability flags as `capability.<name>`. */
export function bootstrapConfigMapData(values: BootstrapValues): Record<string, string> {
  const data: Record<string, string> = {
    mode: values.mode,
    maxTier: String(values.maxTier),
    env: values.env,
    buildId: values.buildId ?? '',
    hostSuffix: values.hostSuffix,
    dnsOwnerId: values.dnsOwnerId,
    account: values.account,
    region: values.region,
    clusterName: values.clusterName,
    vpcId: values.vpcId,
    hostedZoneId: values.hostedZoneId,
    hostedZoneName: values.hostedZoneName,
    logBucketName: values.logBucketName,
  };
  for (const [name, on] of Object.entries(values.capabilities)) data[`capability.${name}`] = String(on);
  return data;
}
