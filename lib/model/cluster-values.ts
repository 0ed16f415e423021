import type { BootstrapValues } from './bootstrap';
import type { BuildId } from './build-id';
import type { EnvironmentConfig, EnvironmentName } from './config';
import { type FoundationCapability, type FoundationContract, foundationCapabilities } from './contract';
import { dnsScope } from './dns-scope';
import { UserInputError } from './errors';
import { type ClusterDeployment, clusterName } from './naming';
import {
  type Lifecycle,
  TIERS,
  TIER_CAPABILITIES,
  type Tier,
  capabilitiesNeededUpTo,
  withArticle,
} from './tier';

/**
 * The cluster deployment of a lifecycle: the environment's persistent cluster, or one build's.
 *
 * @throws UserInputError for an ephemeral cluster without a build id
 */
export function clusterDeployment(
  env: EnvironmentName,
  lifecycle: Lifecycle,
  buildId?: BuildId,
): ClusterDeployment {
  if (lifecycle === 'persistent') return { env, kind: 'persistent' };
  if (buildId === undefined) {
    throw new UserInputError('Missing build id', [
      '-c buildId: received (missing); an Ephemeral cluster needs one, for example: npx cdk deploy Ephemeral -c buildId=pr-123',
    ]);
  }
  return { env, kind: 'ephemeral', buildId };
}

/**
 * Checks at synth time that the Foundation of `config` provides every capability the tiers up to
 * `maxTier` need (DESIGN §3, §8 layer 1), and reports every missing one in one error.
 *
 * @throws UserInputError naming the environment, the tier, each missing capability and what to do
 */
export function checkFoundationServes(config: EnvironmentConfig, lifecycle: Lifecycle, maxTier: Tier): void {
  const provided = foundationCapabilities(config);
  const missing = capabilitiesNeededUpTo(maxTier).filter((c) => !provided[c]);
  if (missing.length === 0) return;
  const neededBy = (c: FoundationCapability) =>
    TIERS.filter((t) => t <= maxTier && TIER_CAPABILITIES[`${t}`].includes(c)).join(', ');
  throw new UserInputError(
    `-c maxTier=${maxTier}: the Foundation of environment "${config.name}" cannot serve ${withArticle(lifecycle)} cluster`,
    missing.map(
      (c) =>
        `capability "${c}" (needed by tier ${neededBy(c)}) is not provided by environments.${config.name}; lower -c maxTier, or add it to config/environments.json`,
    ),
  );
}

/**
 * The typed bootstrap values of a cluster (what the `argocd/goldenpath-bootstrap` ConfigMap holds
 * and what the tier catalogue computes its Helm values from). Contract fields may be deploy-time
 * tokens.
 */
export function bootstrapValues(
  config: EnvironmentConfig,
  deployment: ClusterDeployment,
  maxTier: Tier,
  contract: FoundationContract,
): BootstrapValues {
  const scope = dnsScope({ deployment, baseDomain: config.baseDomain, hostedZoneId: contract.hostedZoneId });
  return {
    mode: deployment.kind,
    maxTier,
    env: config.name,
    buildId: deployment.kind === 'ephemeral' ? deployment.buildId : undefined,
    hostSuffix: scope.hostSuffix,
    dnsOwnerId: scope.externalDns.txtOwnerId,
    account: config.account,
    region: config.region,
    clusterName: clusterName(deployment),
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
