import {
  Annotations,
  Aws,
  CfnParameter,
  CfnRule,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_ec2 as ec2,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ArgoCd } from '../../constructs/cluster/argocd';
import { BuildSweeper } from '../../constructs/cluster/build-sweeper';
import { PlatformCluster } from '../../constructs/cluster/platform-cluster';
import { WorkloadIdentities } from '../../constructs/cluster/workload-identities';
import type { BootstrapValues } from '../model/bootstrap';
import { bootstrapValues, checkFoundationServes } from '../model/cluster-values';
import type { EnvironmentConfig } from '../model/config';
import type { FoundationContract } from '../model/contract';
import { readFoundationContract } from './contract-reader';
import { type ExternalDnsSettings, dnsScope } from '../model/dns-scope';
import { type ClusterDeployment, clusterName, stackName } from '../model/naming';
import { ciClusterAccess } from '../model/ci-identities';
import { applyDeploymentTags } from './stack-tags';
import { deploymentTags } from '../model/tags';
import { resolveMaxTier, type Tier } from '../model/tier';
import { bootstrapConfigMap } from '../../tiers/tier0/bootstrap-config-map';
import { gp3StorageClass } from '../../tiers/tier0/storage-class';

/** What a cluster's objects are rendered from: the same values the cluster itself uses. */
export interface ClusterRenderInput {
  /** The values of the `argocd/goldenpath-bootstrap` ConfigMap. */
  readonly bootstrap: BootstrapValues;
  /** `dnsScope(...).externalDns` of this cluster: the one source of ExternalDNS's flags. */
  readonly externalDns: ExternalDnsSettings;
  /** The Foundation contract as this stack reads it (deploy-time tokens). */
  readonly contract: FoundationContract;
}

/** Kubernetes objects for a cluster, given as they are or rendered from its own values. */
export type ClusterObjects =
  readonly Record<string, unknown>[] | ((input: ClusterRenderInput) => readonly Record<string, unknown>[]);

export interface ClusterStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /** Which cluster: the environment's persistent one, or one build's (with its build id). */
  readonly deployment: ClusterDeployment;
  /** The highest tier deployed; checked against the lifecycle (`resolveMaxTier`). */
  readonly maxTier: Tier;
  /**
   * Hours the build may live (the reaper reads the `TtlHours` tag); ephemeral clusters only.
   * @default - no TTL tag
   */
  readonly ttlHours?: number;
  /**
   * Kubernetes objects ArgoCD receives after it is installed: the tier Applications and whatever
   * else the catalogue renders (plain objects, in the order they are applied). A function gets
   * this cluster's bootstrap values, ExternalDNS settings and contract, so the catalogue renders
   * from exactly what the cluster uses.
   * @default []
   */
  readonly applications?: ClusterObjects;
}

/**
 * The cluster plane (DESIGN §2): one class, two lifecycles. `Persistent` is the environment's
 * long-lived cluster; `Ephemeral` is one build's. Either consumes the Foundation through its SSM
 * contract (no `Fn::ImportValue`) and creates no VPC, zone, database or app secret.
 */
export class ClusterStack extends Stack {
  public readonly deployment: ClusterDeployment;
  public readonly contract: FoundationContract;
  public readonly bootstrap: BootstrapValues;
  public readonly platform: PlatformCluster;
  public readonly identities: WorkloadIdentities;
  public readonly argoCd: ArgoCd;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    const { config, deployment: d } = props;
    const ttlHours = d.kind === 'ephemeral' ? props.ttlHours : undefined;
    super(scope, id, {
      ...props,
      stackName: stackName(d),
      // Stack tags (what the reaper reads, and what CloudFormation copies to resources it cannot
      // tag from the template); with @aws-cdk/core:explicitStackTags they must be given here.
      tags: deploymentTags(d, config.owner, ttlHours),
      env: { account: config.account, region: config.region },
      description:
        d.kind === 'ephemeral'
          ? `goldenpath ${config.name} build ${d.buildId}: ephemeral EKS cluster, maxTier ${props.maxTier}`
          : `goldenpath ${config.name} persistent EKS cluster, maxTier ${props.maxTier}`,
    });
    // Both checks throw before any resource exists, so a bad request never half-synthesizes.
    resolveMaxTier(d.kind, props.maxTier);
    checkFoundationServes(config, d.kind, props.maxTier);
    this.deployment = d;
    applyDeploymentTags(this, d, config.owner, ttlHours);

    this.contract = readFoundationContract(this, config);
    const c = this.contract;
    // Only what the cluster uses: each contract value read becomes a template parameter.
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'FoundationVpc', {
      vpcId: c.vpcId,
      availabilityZones: [...c.availabilityZones],
      privateSubnetIds: c.availabilityZones.map((az) => c.privateSubnetIds[az]),
    });

    // The contract carries subnet ids, not route tables; nothing here reads a route table.
    Annotations.of(vpc).acknowledgeWarning(
      '@aws-cdk/aws-ec2:noSubnetRouteTableId',
      'Imported Foundation subnets; the cluster never reads their route tables.',
    );

    const name = clusterName(d);
    const useDatabase = c.capabilities.database && c.database !== undefined;
    this.platform = new PlatformCluster(this, 'Platform', {
      clusterName: name,
      vpc,
      subnets: vpc.privateSubnets,
      adminRoleArns: {
        PlatformAdmin: config.cluster.adminRoleArn,
        ...Object.fromEntries(
          Object.entries(ciClusterAccess(config.name, d.kind)).map(([entry, role]) => [
            entry,
            `arn:${Aws.PARTITION}:iam::${config.account}:role/${role}`,
          ]),
        ),
      },
      publicEndpointCidrs: config.cluster.publicEndpointCidrs,
      nodes: d.kind === 'ephemeral' ? config.cluster.ephemeralNodes : config.cluster.persistentNodes,
      // A build never reaches the platform database (DESIGN §9a): its nodes join no database group.
      nodeSecurityGroupIds: useDatabase && d.kind === 'persistent' ? [c.database.clientSecurityGroupId] : [],
      keyRemovalPolicy: d.kind === 'ephemeral' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    const dns = dnsScope({
      deployment: d,
      baseDomain: config.baseDomain,
      hostedZoneId: c.hostedZoneId,
      partition: Aws.PARTITION,
    });
    this.identities = new WorkloadIdentities(this, 'Identities', {
      cluster: this.platform.cluster,
      clusterName: name,
      // A build reads nothing of the environment's secrets (DESIGN §9a): its tiers need none.
      externalSecretsPolicyArn: d.kind === 'persistent' ? c.externalSecretsPolicyArn : undefined,
      externalDnsStatements: dns.statements,
    });

    this.bootstrap = bootstrapValues(config, d, props.maxTier, c);
    const applications = props.applications ?? [];
    const objects =
      typeof applications === 'function'
        ? applications({ bootstrap: this.bootstrap, externalDns: dns.externalDns, contract: c })
        : applications;
    this.argoCd = new ArgoCd(this, 'ArgoCd', {
      cluster: this.platform.cluster,
      hostSuffix: this.bootstrap.hostSuffix,
      objects: [gp3StorageClass(), bootstrapConfigMap(this.bootstrap), ...objects],
    });
    // ArgoCD's pods need nodes; Helm's wait would otherwise race the node group.
    this.argoCd.chart.node.addDependency(this.platform.nodegroup);

    if (d.kind === 'ephemeral') {
      // Teardown order (DESIGN §9): the Applications go first (their finalizers remove load
      // balancers and records), then the sweeper takes what is left, then the cluster.
      const sweeper = new BuildSweeper(this, 'Sweeper', {
        hostedZoneId: c.hostedZoneId,
        hostSuffix: dns.hostSuffix,
        clusterName: name,
      });
      // On the EKS cluster resource alone: the whole construct would put its kubectl provider in
      // series before the sweeper and lengthen the deploy chain.
      sweeper.resource.node.addDependency(this.platform.cluster.node.defaultChild ?? this.platform.cluster);
      this.argoCd.bootstrap.node.addDependency(sweeper.resource);
    }
  }
}

/** What a stack that takes no build id says when deployed with one. */
export const NO_BUILD_ID_MESSAGE = 'This stack takes no build id: deploy it without -c buildId=<id>';

/**
 * Makes CloudFormation refuse to create or update `stack` (before any change) because the app
 * was synthesized with a build id. Synth itself must succeed, since `-c buildId` synthesizes every
 * stack of the app while the CLI deploys only the one named; the refusal is a template rule.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html
 */
export function refuseBuildIdAtDeploy(stack: Stack, buildId: string): void {
  const given = new CfnParameter(stack, 'BuildIdGiven', {
    type: 'String',
    default: buildId,
    description: 'The -c buildId this template was synthesized with; this stack takes none.',
  });
  new CfnRule(stack, 'RefuseBuildId', {
    assertions: [
      { assert: Fn.conditionEquals(given.valueAsString, ''), assertDescription: NO_BUILD_ID_MESSAGE },
    ],
  });
}
