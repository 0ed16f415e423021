import { join } from 'node:path';
import {
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  aws_events as events,
  aws_events_targets as targets,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_lambda_nodejs as lambdaNode,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentName, ReaperMode } from '../../lib/model/config';
import { acknowledgeNag } from '../../lib/stacks/nag';
import { buildStacks, cdkExecutionRolePattern } from '../../lib/model/naming';

export interface BuildReaperProps {
  readonly env: EnvironmentName;
  /** `delete` deletes expired builds; `report` only logs them (config `reaperMode`). */
  readonly mode: ReaperMode;
  /**
   * How often it runs.
   * @default Duration.hours(1)
   */
  readonly every?: Duration;
}

/**
 * Deletes (or reports) the environment's build stacks `goldenpath-<env>-b-*` that are past their
 * creation time plus their `TtlHours` tag (DESIGN §9), on a schedule. Stacks without the
 * ephemeral tags are never touched.
 *
 * Deleting a build stack runs its own teardown (Applications, then the sweeper, then the
 * cluster), with the stack's CloudFormation service role if it has one, else this function's
 * role: so this role may delete what a build stack holds, but only through CloudFormation.
 */
export class BuildReaper extends Construct {
  public readonly function: lambdaNode.NodejsFunction;

  constructor(scope: Construct, id: string, props: BuildReaperProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { pattern } = buildStacks(props.env);
    this.function = new lambdaNode.NodejsFunction(this, 'Function', {
      entry: join(__dirname, '..', 'runtime', 'build-reaper.handler.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      description: `Reaps ${pattern} stacks past creation time plus TtlHours (${props.mode})`,
      timeout: Duration.minutes(2),
      memorySize: 256,
      environment: { GOLDENPATH_ENV: props.env, REAPER_MODE: props.mode },
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: logs.RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      bundling: { externalModules: ['@aws-sdk/*'], minify: true, sourceMap: false },
    });
    const buildStackArns = stack.formatArn({
      service: 'cloudformation',
      resource: 'stack',
      resourceName: `${pattern}/*`,
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListStacks',
        actions: ['cloudformation:DescribeStacks'],
        resources: ['*'],
      }),
    );
    if (props.mode === 'delete') {
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'DeleteExpiredBuilds',
          actions: ['cloudformation:DeleteStack'],
          resources: [buildStackArns],
          conditions: { StringEquals: { 'aws:ResourceTag/Lifecycle': 'ephemeral' } },
        }),
      );
      // cdk deploy gives every stack the bootstrap's CloudFormation execution role; deleting the
      // stack hands it to CloudFormation again.
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'PassCdkExecutionRole',
          actions: ['iam:PassRole'],
          resources: [
            stack.formatArn({
              service: 'iam',
              region: '',
              resource: 'role',
              resourceName: cdkExecutionRolePattern(stack.account, stack.region),
            }),
          ],
          conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
        }),
      );
    }
    acknowledgeNag(
      this.function.role!,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "AWS's minimal policy for a function's own logs.",
    );
    acknowledgeNag(
      this.function.role!,
      'AwsSolutions-IAM5[Resource::*]',
      'cloudformation:DescribeStacks lists stacks to find the builds; listing takes no stack ARN. Deleting is limited to goldenpath-<env>-b-* stacks tagged Lifecycle=ephemeral.',
    );
    if (props.mode === 'delete') {
      acknowledgeNag(
        this.function.role!,
        `AwsSolutions-IAM5[Resource::${nagArn(stack, `cloudformation:${nagRegion(stack)}:${nagAccount(stack)}:stack/${pattern}/*`)}]`,
        'Build stacks are named by build id, which is only known when the build is created; the prefix and the Lifecycle tag condition scope it.',
      );
      acknowledgeNag(
        this.function.role!,
        `AwsSolutions-IAM5[Resource::${nagArn(stack, `iam::${nagAccount(stack)}:role/${cdkExecutionRolePattern(nagAccount(stack), nagRegion(stack))}`)}]`,
        "The bootstrap qualifier is the CDK CLI's choice, not this app's; the role is passed to CloudFormation only.",
      );
    }

    new events.Rule(this, 'Schedule', {
      description: `Reap expired goldenpath ${props.env} builds`,
      schedule: events.Schedule.rate(props.every ?? Duration.hours(1)),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });
  }
}

// cdk-nag names a finding by the resolved ARN: literal where the stack's env is concrete.
const nagAccount = (stack: Stack) => (Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account);
const nagRegion = (stack: Stack) => (Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region);
const nagArn = (stack: Stack, rest: string) =>
  `arn:${Token.isUnresolved(stack.region) ? '<AWS::Partition>' : 'aws'}:${rest}`;
