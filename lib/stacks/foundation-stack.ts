import {
  CfnOutput,
  Fn,
  Stack,
  type StackProps,
  aws_ec2 as ec2,
  aws_route53 as route53,
  RemovalPolicy,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AppSecrets } from '../../constructs/foundation/app-secrets';
import { BuildReaper } from '../../constructs/foundation/build-reaper';
import { ContractParameters } from '../../constructs/foundation/contract-parameters';
import { EcrRepositories } from '../../constructs/foundation/ecr-repositories';
import { GithubDeployRoles } from '../../constructs/foundation/github-deploy-roles';
import { BuildBoundary } from '../../constructs/foundation/build-boundary';
import { LogBucket } from '../../constructs/foundation/log-bucket';
import { PlatformDatabase } from '../../constructs/foundation/platform-database';
import { PlatformNetwork } from '../../constructs/foundation/platform-network';
import type { EnvironmentConfig } from '../model/config';
import { type FoundationContract, foundationCapabilities } from '../model/contract';
import { type Deployment, logBucketName, stackName } from '../model/naming';
import { platformSecrets } from '../model/secrets';
import { PLATFORM_CATALOGUE } from '../../tiers/catalogue';
import { applyDeploymentTags } from './stack-tags';
import { deploymentTags } from '../model/tags';
import { terminationProtection } from '../model/protection';
import { addWarnings, databaseWarnings, networkWarnings } from '../model/warnings';

export interface FoundationStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/**
 * The long-lived plane of one environment (DESIGN §2): VPC, hosted zone, log bucket, ECR,
 * app secrets, IAM, and the published contract. Never created or changed by a build.
 */
export class FoundationStack extends Stack {
  /** What this Foundation provides to cluster stacks, with this stack's own values. */
  public readonly contract: FoundationContract;
  public readonly network: PlatformNetwork;
  public readonly zone: route53.PublicHostedZone;
  public readonly config: EnvironmentConfig;
  /** The platform database, when the environment configures one. */
  public readonly database?: PlatformDatabase;

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    const { config } = props;
    const deployment: Deployment = { env: config.name, kind: 'foundation' };
    super(scope, id, {
      ...props,
      stackName: stackName(deployment),
      env: { account: config.account, region: config.region },
      terminationProtection: terminationProtection(deployment),
      // Stack tags reach what the template cannot tag (with @aws-cdk/core:explicitStackTags
      // they must be given here); resource tags below make them visible in the template.
      tags: deploymentTags(deployment, config.owner),
      description: `goldenpath ${config.name} Foundation: VPC, DNS zone, data, secrets, IAM and the cluster contract`,
    });
    this.config = config;
    applyDeploymentTags(this, deployment, config.owner);

    this.network = new PlatformNetwork(this, 'Network', {
      cidr: config.vpcCidr,
      availabilityZones: config.availabilityZones,
      natGateways: config.natGateways,
    });

    addWarnings(this.network, networkWarnings(config));

    const zoneName = `${config.name}.${config.baseDomain}`;
    this.zone = new route53.PublicHostedZone(this, 'Zone', {
      zoneName,
      comment: `goldenpath ${config.name} environment zone`,
    });
    // Records in it belong to clusters and people; deleting the stack must not delete the zone.
    this.zone.applyRemovalPolicy(RemovalPolicy.RETAIN);
    new CfnOutput(this, 'ZoneNameServers', {
      value: Fn.join(',', this.zone.hostedZoneNameServers ?? []),
      description: `Delegate ${zoneName} to these name servers in the ${config.baseDomain} zone`,
    });

    const logs = new LogBucket(this, 'LogBucket', {
      bucketName: logBucketName(config.name, config.account),
    });

    new EcrRepositories(this, 'Ecr', {
      env: config.name,
      repositories: config.ecrRepositories,
    });

    // The app definitions in tiers/ declare the secrets they need generated (one source: the
    // model derives nothing from a list of its own); the clusters read the same catalogue.
    const secrets = platformSecrets(config, PLATFORM_CATALOGUE);
    const appSecrets = new AppSecrets(this, 'AppSecrets', {
      env: config.name,
      secrets: secrets.filter((s) => s.source === 'generated'),
    });

    this.database = config.database
      ? new PlatformDatabase(this, 'Database', {
          env: config.name,
          vpc: this.network.vpc,
          database: config.database,
        })
      : undefined;
    if (this.database) addWarnings(this.database, databaseWarnings(config));

    // Deletes (or, per config, only reports) build stacks past their TtlHours.
    new BuildReaper(this, 'BuildReaper', { env: config.name, mode: config.reaperMode });

    new GithubDeployRoles(this, 'Ci', { env: config.name, ci: config.ci, allowBuilds: config.allowBuilds });
    if (config.allowBuilds)
      new BuildBoundary(this, 'BuildBoundary', { env: config.name, baseDomain: config.baseDomain });

    const capabilities = foundationCapabilities(config);
    this.contract = {
      env: config.name,
      vpcId: this.network.vpc.vpcId,
      vpcCidr: this.network.vpc.vpcCidrBlock,
      availabilityZones: config.availabilityZones,
      publicSubnetIds: this.network.subnetIdsByAz(ec2.SubnetType.PUBLIC),
      privateSubnetIds: this.network.subnetIdsByAz(ec2.SubnetType.PRIVATE_WITH_EGRESS),
      isolatedSubnetIds: this.network.subnetIdsByAz(ec2.SubnetType.PRIVATE_ISOLATED),
      hostedZoneId: this.zone.hostedZoneId,
      hostedZoneName: zoneName,
      logBucketName: logs.bucket.bucketName,
      secretArns: Object.fromEntries(
        Object.entries({ ...appSecrets.secrets, ...this.database?.appSecrets }).map(([k, s]) => [
          k,
          s.secretArn,
        ]),
      ),
      externalSecretsPolicyArn: appSecrets.externalSecretsReadPolicy.managedPolicyArn,
      capabilities,
      database: this.database && {
        endpoint: this.database.instance.dbInstanceEndpointAddress,
        port: this.database.instance.dbInstanceEndpointPort,
        clientSecurityGroupId: this.database.clientSecurityGroup.securityGroupId,
      },
    };
    new ContractParameters(this, 'Contract', { contract: this.contract });
  }
}
