import { join } from 'node:path';
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  aws_cloudwatch as cw,
  aws_cloudwatch_actions as cwActions,
  aws_events as events,
  aws_events_targets as targets,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_lambda_nodejs as lambdaNode,
  aws_logs as logs,
  aws_sns as sns,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentName, ReaperMode } from '../../lib/model/config';
import { acknowledgeNag } from '../../lib/stacks/nag';
import { buildReaperLogGroupName, buildStacks, cdkExecutionRolePattern } from '../../lib/model/naming';
import { TEARDOWN_NAMESPACE } from '../runtime/metrics';
import { bundledHandler } from './lambda-bundle';

export interface BuildReaperProps {
  readonly env: EnvironmentName;
  /** `delete` deletes expired builds; `report` only logs them (config `reaperMode`). */
  readonly mode: ReaperMode;
  /**
   * How often it runs.
   * @default Duration.hours(1)
   */
  readonly every?: Duration;
  /**
   * How long a build may outlive its expiry before the overdue alarm fires (a delete that failed
   * for good, `report` mode, or a reaper that does not run).
   * @default Duration.hours(3)
   */
  readonly overdueAfter?: Duration;
  /**
   * Topic that receives every alarm and its return to OK.
   * @default - a topic of its own (`topic`), encrypted with a key of its own, that only these
   * alarms may publish to; subscribe to it to be told (README "Tear down a build")
   */
  readonly topic?: sns.ITopic;
}

/**
 * Deletes (or reports) the environment's build stacks `goldenpath-<env>-b-*` that are past their
 * creation time plus their `TtlHours` tag (DESIGN §9), on a schedule. Stacks without the
 * ephemeral tags are never touched.
 *
 * It keeps going past a stack it cannot delete, retries a DELETE_FAILED one a few times with
 * its sweeper-owned resources retained, and says so: metrics in `goldenpath/teardown`, an alarm
 * when a build outlives its expiry by `overdueAfter`, one when a run fails, and one when the
 * schedule gives up on a run (its events go to a dead-letter queue after two retries).
 *
 * Deleting a build stack runs its own teardown (Applications, then the sweeper, then the
 * cluster), with the stack's CloudFormation service role if it has one, else this function's
 * role: so this role may delete what a build stack holds, but only through CloudFormation.
 */
export class BuildReaper extends Construct {
  public readonly function: lambdaNode.NodejsFunction;
  /** Where the schedule's events go when every retry of a run failed. */
  public readonly deadLetters: sqs.Queue;
  /** `overdue`, `failed` (a run threw), `deadLetters` (a run was dropped). */
  public readonly alarms: { readonly [key: string]: cw.Alarm };
  /** Where every alarm and its return to OK go. */
  public readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: BuildReaperProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { pattern } = buildStacks(props.env);
    this.function = new lambdaNode.NodejsFunction(this, 'Function', {
      ...bundledHandler(join(__dirname, '..', 'runtime', 'build-reaper.handler.ts')),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      description: `Reaps ${pattern} stacks past creation time plus TtlHours (${props.mode})`,
      timeout: Duration.minutes(2),
      memorySize: 256,
      environment: { GOLDENPATH_ENV: props.env, REAPER_MODE: props.mode },
      logGroup: new logs.LogGroup(this, 'Logs', {
        logGroupName: buildReaperLogGroupName(props.env),
        retention: logs.RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
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
      // To count a DELETE_FAILED stack's failed deletes and find the resources to retain.
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadFailedBuilds',
          actions: ['cloudformation:DescribeStackEvents', 'cloudformation:DescribeStackResources'],
          resources: [buildStackArns],
        }),
      );
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

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeNag(
      this.deadLetters,
      'AwsSolutions-SQS3',
      "This queue is the schedule's dead-letter queue; its alarm is the place a person looks.",
    );
    new events.Rule(this, 'Schedule', {
      description: `Reap expired goldenpath ${props.env} builds`,
      schedule: events.Schedule.rate(props.every ?? Duration.hours(1)),
      targets: [
        new targets.LambdaFunction(this.function, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(30),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
    this.alarms = this.addAlarms(props);
    this.topic = props.topic ?? this.alarmTopic(props.env, Object.values(this.alarms));
    const action = new cwActions.SnsAction(this.topic);
    for (const alarm of Object.values(this.alarms)) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  /**
   * The alarms' own topic: encrypted with a customer managed key (CloudWatch cannot publish to a
   * topic under the AWS managed SNS key), TLS only, and publishable by CloudWatch for these alarms
   * of this account only (`aws:SourceArn`, `aws:SourceAccount`: no confused deputy).
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
   */
  private alarmTopic(env: EnvironmentName, alarms: readonly cw.Alarm[]): sns.Topic {
    const cloudwatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: `Encrypts the goldenpath ${env} teardown alarm topic`,
      enableKeyRotation: true,
      // Only messages in flight are under it: nothing to keep once the topic is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // The key policy CloudWatch needs to publish to an encrypted topic, as AWS documents it.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudwatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `goldenpath ${env} teardown alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TeardownAlarmsPublish',
        principals: [cloudwatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnEquals: { 'aws:SourceArn': alarms.map((a) => a.alarmArn) },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
    new CfnOutput(this, 'AlarmTopicArn', {
      description:
        'Subscribe here to hear of builds the reaper could not remove (README "Tear down a build")',
      value: topic.topicArn,
    });
    return topic;
  }

  private addAlarms(props: BuildReaperProps): { readonly [key: string]: cw.Alarm } {
    const every = props.every ?? Duration.hours(1);
    const teardown = (metricName: string, statistic: string) =>
      new cw.Metric({
        namespace: TEARDOWN_NAMESPACE,
        metricName,
        dimensionsMap: { Environment: props.env },
        statistic,
        period: every,
      });
    const overdue = props.overdueAfter ?? Duration.hours(3);
    const alarms = {
      overdue: new cw.Alarm(this, 'BuildOverdue', {
        alarmDescription: `A goldenpath ${props.env} build outlived its expiry by more than ${overdue.toHours()} hours: see the reaper's log for the stack and why`,
        metric: teardown('BuildsOverdueHours', 'Maximum'),
        threshold: overdue.toHours(),
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cw.TreatMissingData.BREACHING,
      }),
      failed: new cw.Alarm(this, 'RunFailed', {
        alarmDescription: `The goldenpath ${props.env} build reaper failed a run: see its log`,
        metric: teardown('ReaperErrors', 'Maximum'),
        threshold: 0,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
      deadLetters: new cw.Alarm(this, 'RunDropped', {
        alarmDescription: `The schedule gave up on a goldenpath ${props.env} reaper run after its retries: the event is in the dead-letter queue`,
        metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
    };
    return alarms;
  }
}

// cdk-nag names a finding by the resolved ARN: literal where the stack's env is concrete.
const nagAccount = (stack: Stack) => (Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account);
const nagRegion = (stack: Stack) => (Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region);
const nagArn = (stack: Stack, rest: string) =>
  `arn:${Token.isUnresolved(stack.region) ? '<AWS::Partition>' : 'aws'}:${rest}`;
