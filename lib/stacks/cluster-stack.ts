import { CfnParameter, CfnRule, Fn, Stack, type StackProps, aws_iam as iam } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ArgoCd } from '../../constructs/cluster/argocd';
import { BuildLogs } from '../../constructs/cluster/build-logs';
import { orderTeardown } from '../../constructs/cluster/teardown-order';
import { BuildSweeper } from '../../constructs/cluster/build-sweeper';
import { BuildUninstall } from '../../constructs/cluster/build-uninstall';
import { FoundationImport } from '../../constructs/cluster/foundation-import';
import { PlatformCluster } from '../../constructs/cluster/platform-cluster';
import { WorkloadIdentities } from '../../constructs/cluster/workload-identities';
import type { ClusterSpec } from '../model/app-context';
import type { EnvironmentConfig } from '../model/config';
import type { FoundationContract } from '../model/contract';
import { UserInputError } from '../model/errors';
import { ssoSelected } from '../model/sso';
import { type ClusterPlan, clusterIdentity, planCluster } from './cluster-plan';
import { readFoundationContract } from './contract-reader';
import { applyTags } from './stack-tags';
import { terminationProtection } from '../model/protection';

export interface ClusterStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /**
   * Which cluster, as `parseAppContext` resolved it: the environment's persistent one, or one
   * build's (its build id and TTL), each with its maxTier.
   */
  readonly deployment: ClusterSpec;
}

/**
 * The cluster plane (DESIGN §2): one class, two lifecycles. `Persistent` is the environment's
 * long-lived cluster; `Ephemeral` is one build's. Either consumes the Foundation through its SSM
 * contract (no `Fn::ImportValue`) and creates no VPC, zone, database or app secret.
 *
 * Everything it builds comes from one `planCluster` call, exposed as `plan`.
 */
export class ClusterStack extends Stack {
  /** What this stack is built from: names, tags, DNS scope, bootstrap values, gating, rendered tiers. */
  public readonly plan: ClusterPlan;
  /** The Foundation contract as this stack reads it (deploy-time SSM parameters). */
  public readonly contract: FoundationContract;
  /** The Foundation's VPC, zone, database-client group and External Secrets policy, as imports. */
  public readonly foundation: FoundationImport;
  public readonly platform: PlatformCluster;
  public readonly identities: WorkloadIdentities;
  public readonly argoCd: ArgoCd;
  /** @default - none: a persistent cluster has no sweeper */
  public readonly sweeper?: BuildSweeper;
  /** @default - none: a persistent cluster has no uninstall */
  public readonly uninstall?: BuildUninstall;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    const { config, deployment } = props;
    const identity = clusterIdentity(config, deployment);
    super(scope, id, {
      ...props,
      stackName: identity.names.stack,
      // Stack tags (what the reaper reads, and what CloudFormation copies to resources it cannot
      // tag from the template); with @aws-cdk/core:explicitStackTags they must be given here.
      tags: { ...identity.tags },
      env: { account: config.account, region: config.region },
      terminationProtection: terminationProtection(deployment),
      description: identity.description,
    });
    applyTags(this, identity.tags);

    this.contract = readFoundationContract(this, config);
    // A contract value becomes a template parameter when it is first read: the imports read what
    // the constructs take, then the plan reads the rest.
    this.foundation = new FoundationImport(this, 'Foundation', {
      contract: this.contract,
      zoneName: identity.names.zone,
    });
    // The gating check throws before any resource exists, so a bad request never half-synthesizes.
    this.plan = UserInputError.within(this, () => planCluster(config, deployment, this.contract));
    const { plan, foundation } = this;

    this.platform = new PlatformCluster(this, 'Platform', {
      clusterName: plan.names.cluster,
      vpc: foundation.vpc,
      subnets: foundation.vpc.privateSubnets,
      // The configured admin and the CI roles, imported (immutable: the cluster adds no policy to them).
      adminRoles: Object.fromEntries(
        Object.entries(plan.cluster.adminRoleArns).map(([entryId, arn]) => [
          entryId,
          iam.Role.fromRoleArn(this, `${entryId}Role`, arn, { mutable: false }),
        ]),
      ),
      publicEndpointCidrs: plan.cluster.publicEndpointCidrs,
      nodes: plan.cluster.nodes,
      // A build never reaches the platform database (DESIGN §9a): its nodes join no database group.
      nodeSecurityGroups:
        foundation.databaseClients && deployment.kind === 'persistent' ? [foundation.databaseClients] : [],
      keyRemovalPolicy: plan.cluster.keyRemovalPolicy,
    });
    this.identities = new WorkloadIdentities(this, 'Identities', {
      cluster: this.platform.cluster,
      clusterName: plan.names.cluster,
      // A build reads nothing of the environment's secrets (DESIGN §9a): its tiers need none.
      externalSecretsPolicy: deployment.kind === 'persistent' ? foundation.externalSecretsPolicy : undefined,
      externalDnsStatements: plan.dns.statements,
      logBucketName: this.contract.logBucketName,
    });
    this.argoCd = new ArgoCd(this, 'ArgoCd', {
      cluster: this.platform.cluster,
      hostSuffix: plan.bootstrap.hostSuffix,
      objects: plan.objects,
      // Builds come and go many times a week: Let's Encrypt staging keeps them clear of the
      // production rate limits (their certificate is not browser-trusted; the README says so).
      clusterIssuer: deployment.kind === 'ephemeral' ? 'letsencrypt-staging' : 'letsencrypt-prod',
      // Sign-in through Keycloak where tier 3 runs; builds keep the local admin only.
      sso: ssoSelected(plan.gating.selected),
    });
    // ArgoCD's pods need nodes; Helm's wait would otherwise race the node group.
    this.argoCd.chart.node.addDependency(this.platform.nodegroup);
    if (plan.sweeper) {
      this.sweeper = new BuildSweeper(this, 'Sweeper', {
        hostedZone: foundation.hostedZone,
        hostSuffix: plan.sweeper.hostSuffix,
        clusterName: plan.names.cluster,
        // Where the kubectl handler runs: the uninstall calls the cluster's private endpoint.
        network: {
          vpc: foundation.vpc,
          subnets: foundation.vpc.privateSubnets,
          securityGroups: [this.platform.cluster.clusterSecurityGroup],
        },
      });
      this.uninstall = new BuildUninstall(this, 'Uninstall', {
        sweeper: this.sweeper,
        cluster: this.platform.cluster,
        clusterName: plan.names.cluster,
      });
      new BuildLogs(this, 'Logs', {
        cluster: this.platform.cluster,
        clusterName: plan.names.cluster,
      }).outlive(this.argoCd.chart, this.argoCd.bootstrap);
    }
    // Teardown order (DESIGN §9): the apps, then the sweep, then the plumbing, then the cluster.
    orderTeardown(this);
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
