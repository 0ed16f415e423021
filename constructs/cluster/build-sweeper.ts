import { join } from 'node:path';
import {
  CustomResource,
  Duration,
  RemovalPolicy,
  Stack,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_lambda_nodejs as lambdaNode,
  aws_logs as logs,
  aws_route53 as route53,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { sweepRecordConditions } from '../../lib/model/dns-scope';
import {
  SERVICE_TIMEOUT_MARGIN_SECONDS,
  TEARDOWN_LAMBDA_TIMEOUT_SECONDS,
} from '../../lib/ops/teardown/deadlines';
import { acknowledgeNag } from '../../lib/stacks/nag';
import { bundledHandler } from '../foundation/lambda-bundle';

export interface BuildSweeperProps {
  /** The Foundation's hosted zone (its id is a deploy-time value read from the contract). */
  readonly hostedZone: route53.IHostedZone;
  /** The build's host suffix, `b-<buildId>.<env>.<baseDomain>`, from `dnsScope`. */
  readonly hostSuffix: string;
  /** The build's EKS cluster name, from `clusterName`. */
  readonly clusterName: string;
  /**
   * How long the sweep may keep retrying what AWS refuses for now before it reports what is left
   * (the Lambda's timeout; the function keeps a minute of it back to answer CloudFormation).
   * @default Duration.minutes(14)
   */
  readonly timeout?: Duration;
  /**
   * Where the function runs when it must reach a private cluster API endpoint (the uninstall,
   * `BuildUninstall`, runs in it): the subnets and security group of the kubectl handler, so it
   * shares that handler's network interfaces and reaches what it reaches, AWS APIs included.
   * @default - outside any VPC
   */
  readonly network?: {
    readonly vpc: ec2.IVpc;
    readonly subnets: readonly ec2.ISubnet[];
    readonly securityGroups: readonly ec2.ISecurityGroup[];
  };
}

/**
 * CloudFormation's wait for the answer ends this long before the Lambda's timeout, and after the
 * function's own deadline (a minute before its timeout), when it has always answered.
 */
const SERVICE_TIMEOUT_MARGIN = Duration.seconds(SERVICE_TIMEOUT_MARGIN_SECONDS);

/**
 * Sweeps what a build left behind when its stack is deleted (DESIGN §9): record sets at and
 * under the build's host suffix in the Foundation zone, and the load balancers, target groups,
 * security groups and EBS volumes its cluster owns by tag. It acts only while its stack is being
 * deleted (never when an update replaces it), always answers SUCCESS with what is left, and
 * publishes the count left as the `goldenpath/teardown` `SweepLeft` metric.
 *
 * One Lambda, called with a direct service token (no Provider framework, so no second Lambda);
 * `BuildUninstall` runs on the same function. Ordering is the caller's job (`orderTeardown`):
 * make this depend on the cluster (created after it, so deleted before it) and the Applications
 * manifest depend on this (deleted before it, so controllers have removed what they could
 * before the sweep).
 */
export class BuildSweeper extends Construct {
  public readonly function: lambdaNode.NodejsFunction;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: BuildSweeperProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const timeout = props.timeout ?? Duration.seconds(TEARDOWN_LAMBDA_TIMEOUT_SECONDS);
    const network = props.network;
    this.function = new lambdaNode.NodejsFunction(this, 'Function', {
      ...bundledHandler(join(__dirname, '..', 'runtime', 'build-sweeper.handler.ts')),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      description: `Sweeps records under ${props.hostSuffix} and load balancers tagged for ${props.clusterName} when the build is deleted`,
      timeout,
      memorySize: 256,
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      ...(network
        ? {
            vpc: network.vpc,
            vpcSubnets: { subnets: [...network.subnets] },
            securityGroups: [...network.securityGroups],
          }
        : {}),
    });
    if (network) {
      acknowledgeNag(
        this.function.role!,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        "AWS's minimal policy for a function's network interfaces in a VPC.",
      );
    }
    acknowledgeNag(
      this.function.role!,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "AWS's minimal policy for a function's own logs.",
    );

    const zoneArn = stack.formatArn({
      service: 'route53',
      region: '',
      account: '',
      resource: 'hostedzone',
      resourceName: props.hostedZone.hostedZoneId,
    });
    const cluster = props.clusterName;
    const tagged = (extra: Record<string, unknown> = {}) => [
      { StringEquals: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': cluster, ...extra } },
      { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${cluster}`]: 'owned', ...extra } },
      { StringEquals: { 'aws:ResourceTag/KubernetesCluster': cluster, ...extra } },
    ];
    const statements = [
      new iam.PolicyStatement({
        sid: 'ReadZone',
        actions: ['route53:GetHostedZone', 'route53:ListResourceRecordSets'],
        resources: [zoneArn],
      }),
      // The IAM guard of the sweep: only names at or under the build's host suffix.
      new iam.PolicyStatement({
        sid: 'DeleteBuildRecords',
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [zoneArn],
        conditions: sweepRecordConditions(props.hostSuffix),
      }),
      new iam.PolicyStatement({
        sid: 'FindTaggedResources',
        actions: [
          'elasticloadbalancing:DescribeLoadBalancers',
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTags',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeVolumes',
        ],
        resources: ['*'],
      }),
      // To tell its stack's delete from a replacement during an update.
      new iam.PolicyStatement({
        sid: 'ReadOwnStackStatus',
        actions: ['cloudformation:DescribeStacks'],
        resources: [stack.stackId],
      }),
      ...tagged().map(
        (condition, i) =>
          new iam.PolicyStatement({
            sid: `DeleteClusterResources${i}`,
            actions: [
              'elasticloadbalancing:DeleteLoadBalancer',
              'elasticloadbalancing:DeleteTargetGroup',
              'ec2:DeleteSecurityGroup',
              'ec2:DeleteVolume',
            ],
            resources: ['*'],
            conditions: condition,
          }),
      ),
    ];
    for (const s of statements) this.function.addToRolePolicy(s);
    acknowledgeNag(
      this.function.role!,
      'AwsSolutions-IAM5[Resource::*]',
      'Describe actions take no resource ARN; the delete actions are limited by the cluster tags, because the load balancers and security groups are made by controllers with names the stack cannot know.',
    );

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::BuildSweeper',
      // A lost answer fails the resource within the Lambda's time, not after CloudFormation's hour.
      serviceTimeout: timeout.minus(SERVICE_TIMEOUT_MARGIN),
      properties: {
        HostedZoneId: props.hostedZone.hostedZoneId,
        HostSuffix: props.hostSuffix,
        ClusterName: props.clusterName,
      },
    });
    // The role's policy must outlive the sweep on delete: created before, deleted after.
    this.resource.node.addDependency(this.function.role!);
  }
}
