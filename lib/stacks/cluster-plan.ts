import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import type { ClusterSpec } from '../model/app-context';
import type { BootstrapValues } from '../model/bootstrap';
import { bootstrapValues } from '../model/cluster-values';
import type { EnvironmentConfig, NodeGroupConfig } from '../model/config';
import type { FoundationContract } from '../model/contract';
import { type DnsScope, dnsScope } from '../model/dns-scope';
import { type GatingResult, gate } from '../model/gating';
import { ciClusterAccess } from '../model/ci-identities';
import { clusterName, stackName } from '../model/naming';
import { platformSecrets } from '../model/secrets';
import { deploymentTags } from '../model/tags';
import { PLATFORM_CATALOGUE } from '../../tiers/catalogue';
import type { AppDefinition } from '../../tiers/definition';
import { type TierManifests, tierManifests } from '../../tiers/manifests';
import { bootstrapConfigMap } from '../../tiers/tier0/bootstrap-config-map';
import { gp3StorageClass } from '../../tiers/tier0/storage-class';

/** The physical names of one cluster (DESIGN §6). */
export interface ClusterNames {
  /** `goldenpath-<env>-persistent` or `goldenpath-<env>-b-<buildId>`. */
  readonly stack: string;
  /** The EKS cluster's name (the same). */
  readonly cluster: string;
  /** The Foundation zone the cluster's names live in, `<env>.<baseDomain>`. */
  readonly zone: string;
}

/** What a cluster stack is called, tagged and described as: known before the stack exists. */
export interface ClusterIdentity {
  readonly names: ClusterNames;
  /** DESIGN §6 tags, `BuildId` and `TtlHours` on a build. */
  readonly tags: { readonly [key: string]: string };
  readonly description: string;
}

/** The EKS cluster's own settings. */
export interface ClusterSettings {
  readonly nodes: NodeGroupConfig;
  readonly publicEndpointCidrs: readonly string[];
  /** Roles granted cluster admin, by access entry id: the configured admin role and the CI deploy role. */
  readonly adminRoleArns: { readonly [entryId: string]: string };
  /** A build's secrets key goes with it; the persistent cluster's is kept. */
  readonly keyRemovalPolicy: RemovalPolicy;
}

/**
 * Everything a cluster stack is built from, computed once from config, the resolved context and
 * the Foundation contract: no construct, no I/O. `ClusterStack` instantiates its constructs from
 * it and exposes it as `plan`.
 */
export interface ClusterPlan extends ClusterIdentity {
  readonly deployment: ClusterSpec;
  readonly cluster: ClusterSettings;
  /** The one DNS scope of the cluster: host suffix, ExternalDNS settings, its IAM statements. */
  readonly dns: DnsScope;
  /** The values of the `argocd/goldenpath-bootstrap` ConfigMap, which the tiers render from. */
  readonly bootstrap: BootstrapValues;
  /** Which apps of the catalogue run here, and why the others do not. */
  readonly gating: GatingResult<AppDefinition>;
  /** The selected apps' Applications and the admission guard. */
  readonly tiers: TierManifests;
  /** What ArgoCD gets after it is installed, in order: the gp3 StorageClass, the bootstrap ConfigMap, the tiers. */
  readonly objects: readonly Record<string, unknown>[];
  /**
   * What the build's sweeper deletes on teardown.
   * @default - none: a persistent cluster has no sweeper
   */
  readonly sweeper?: { readonly hostSuffix: string };
}

/** The names, tags and description of a cluster stack. */
export function clusterIdentity(config: EnvironmentConfig, deployment: ClusterSpec): ClusterIdentity {
  const d = deployment;
  return Object.freeze({
    names: Object.freeze({
      stack: stackName(d),
      cluster: clusterName(d),
      // The zone dnsScope names: the zone is `<env>.<baseDomain>` (DESIGN §5).
      zone: `${config.name}.${config.baseDomain}`,
    }),
    tags: Object.freeze(deploymentTags(d, config.owner, d.kind === 'ephemeral' ? d.ttlHours : undefined)),
    description:
      d.kind === 'ephemeral'
        ? `goldenpath ${config.name} build ${d.buildId}: ephemeral EKS cluster, maxTier ${d.maxTier}`
        : `goldenpath ${config.name} persistent EKS cluster, maxTier ${d.maxTier}`,
  });
}

/**
 * Plans one cluster (DESIGN §2-§6): its names and tags, its DNS scope, its bootstrap values, the
 * gating of the tier catalogue and the rendered tiers. Pure: the same input gives an equal plan,
 * and the input is not changed. Contract values may be deploy-time tokens.
 *
 * @throws UserInputError when the Foundation cannot serve the tiers up to `deployment.maxTier`,
 *   with every problem at once, before anything is rendered
 */
export function planCluster(
  config: EnvironmentConfig,
  deployment: ClusterSpec,
  contract: FoundationContract,
): ClusterPlan {
  const gating = gate(PLATFORM_CATALOGUE, {
    lifecycle: deployment.kind,
    maxTier: deployment.maxTier,
    foundation: {
      env: config.name,
      capabilities: contract.capabilities,
      secretIds: platformSecrets(config, PLATFORM_CATALOGUE).map((s) => s.id),
    },
  });
  const identity = clusterIdentity(config, deployment);
  const dns = dnsScope({
    deployment,
    baseDomain: config.baseDomain,
    hostedZoneId: contract.hostedZoneId,
    partition: Aws.PARTITION,
  });
  const bootstrap = bootstrapValues(config, deployment, contract, dns);
  const database = contract.database && {
    endpoint: contract.database.endpoint,
    port: contract.database.port,
  };
  const tiers = tierManifests({ config, bootstrap, externalDns: dns.externalDns, database, gating });
  const ephemeral = deployment.kind === 'ephemeral';
  return Object.freeze({
    ...identity,
    deployment,
    cluster: Object.freeze({
      nodes: ephemeral ? config.cluster.ephemeralNodes : config.cluster.persistentNodes,
      publicEndpointCidrs: config.cluster.publicEndpointCidrs,
      adminRoleArns: Object.freeze({
        PlatformAdmin: config.cluster.adminRoleArn,
        // The CI roles of this lifecycle: a build's cluster admits the build role only.
        ...Object.fromEntries(
          Object.entries(ciClusterAccess(config.name, deployment.kind)).map(([entry, role]) => [
            entry,
            `arn:${Aws.PARTITION}:iam::${config.account}:role/${role}`,
          ]),
        ),
      }),
      keyRemovalPolicy: ephemeral ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    }),
    dns,
    bootstrap,
    gating,
    tiers,
    objects: Object.freeze([gp3StorageClass(), bootstrapConfigMap(bootstrap), ...tiers.manifests]),
    sweeper: ephemeral ? Object.freeze({ hostSuffix: dns.hostSuffix }) : undefined,
  });
}
