import { App, Stack, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BuildReaper } from '../../../constructs/foundation/build-reaper';
import {
  type CloudFormationClient,
  DeleteStackCommand,
  DescribeStacksCommand,
  type Stack as CfnStack,
} from '@aws-sdk/client-cloudformation';
import type { ReaperMode } from '../../../lib/model/config';
import { buildStackPrefix, buildStacks } from '../../../lib/model/naming';
import { reap } from '../../../lib/ops/teardown/reaper';

const templates = new Map<ReaperMode, Template>();

/** The reaper of dev in `mode`, made once per mode and file (the tests only read it). */
function template(mode: ReaperMode): Template {
  let t = templates.get(mode);
  if (!t) {
    t = reaperTemplate(mode);
    templates.set(mode, t);
  }
  return t;
}

function reaperTemplate(mode: ReaperMode): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Foundation', { env: { account: '111111111111', region: 'eu-west-2' } });
  new BuildReaper(stack, 'Reaper', { env: 'dev', mode });
  return Template.fromStack(stack);
}

/** The ARN pattern of the environment's build stacks, as the template writes it. */
const BUILD_STACKS = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:eu-west-2:111111111111:stack/goldenpath-dev-b-*/*'],
  ],
};

describe('BuildReaper', () => {
  test.each<ReaperMode>(['delete', 'report'])(
    '%s mode: one Lambda, run hourly, told its env and mode',
    (mode) => {
      const t = template(mode);
      t.resourceCountIs('AWS::Lambda::Function', 1);
      t.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: { GOLDENPATH_ENV: 'dev', REAPER_MODE: mode } },
      });
      t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' });
    },
  );

  test('delete mode may delete only goldenpath-<env>-b-* stacks tagged ephemeral', () => {
    template('delete').hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'DeleteExpiredBuilds',
            Effect: 'Allow',
            Action: 'cloudformation:DeleteStack',
            Resource: BUILD_STACKS,
            Condition: { StringEquals: { 'aws:ResourceTag/Lifecycle': 'ephemeral' } },
          },
        ]),
      },
    });
  });

  test('report mode cannot delete anything', () => {
    const policies = template('report').findResources('AWS::IAM::Policy');
    expect(JSON.stringify(policies)).not.toContain('cloudformation:DeleteStack');
    expect(JSON.stringify(policies)).toContain('cloudformation:DescribeStacks');
  });

  test('the schedule retries a failed run twice, then puts its event in an encrypted dead-letter queue', () => {
    const t = template('delete');
    t.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 1800 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReaperDeadLetters'), 'Arn'] } },
        }),
      ],
    });
    t.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
  });

  test.each<ReaperMode>(['delete', 'report'])(
    '%s mode: alarms when a build outlives its expiry by 3 hours (or the reaper stops reporting), a run fails, or a run is dropped',
    (mode) => {
      const t = template(mode);
      t.resourceCountIs('AWS::CloudWatch::Alarm', 3);
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'goldenpath/teardown',
        MetricName: 'BuildsOverdueHours',
        Dimensions: [{ Name: 'Environment', Value: 'dev' }],
        Statistic: 'Maximum',
        Period: 3600,
        Threshold: 3,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
      });
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'goldenpath/teardown',
        MetricName: 'ReaperErrors',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      });
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
      });
    },
  );

  test('delete mode may read the events and resources of build stacks only, to retry a DELETE_FAILED one', () => {
    template('delete').hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ReadFailedBuilds',
            Action: ['cloudformation:DescribeStackEvents', 'cloudformation:DescribeStackResources'],
            Resource: BUILD_STACKS,
          }),
        ]),
      },
    });
  });
});

describe("the reaper's alarms reach a person", () => {
  const resources = (t: Template, type: string) =>
    Object.entries(t.findResources(type)) as [string, { Properties: Record<string, unknown> }][];

  test('every alarm and its return to OK go to its own topic, encrypted with a rotated key of its own', () => {
    const t = template('delete');
    const [[topicId, topic]] = resources(t, 'AWS::SNS::Topic');
    const [[keyId, key]] = resources(t, 'AWS::KMS::Key');
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const alarms = resources(t, 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([, a]) => [a.Properties.AlarmActions, a.Properties.OKActions])).toEqual(
      alarms.map(() => [[{ Ref: topicId }], [{ Ref: topicId }]]),
    );
    t.hasOutput('*', { Value: { Ref: topicId } });
    // CloudWatch may use the key to publish, as AWS documents for encrypted topics.
    expect((key.Properties.KeyPolicy as { Statement: { Sid?: string }[] }).Statement).toContainEqual({
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    });
  });

  test('only these three alarms of this account may publish, and only over TLS', () => {
    const t = template('report');
    const [[topicId]] = resources(t, 'AWS::SNS::Topic');
    const alarmArns = resources(t, 'AWS::CloudWatch::Alarm').map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    const [[, policy]] = resources(t, 'AWS::SNS::TopicPolicy');
    expect(policy.Properties.Topics).toEqual([{ Ref: topicId }]);
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      {
        Sid: 'TeardownAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topicId },
        Condition: {
          ArnEquals: { 'aws:SourceArn': alarmArns },
          StringEquals: { 'aws:SourceAccount': '111111111111' },
        },
      },
    ]);
    expect(alarmArns).toHaveLength(3);
  });

  test('a topic given is used instead, and no topic or key is made', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Foundation', { env: { account: '111111111111', region: 'eu-west-2' } });
    const given = 'arn:aws:sns:eu-west-2:111111111111:platform-oncall';
    new BuildReaper(stack, 'Reaper', {
      env: 'dev',
      mode: 'delete',
      topic: sns.Topic.fromTopicArn(stack, 'OnCall', given),
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.resourceCountIs('AWS::KMS::Key', 0);
    expect(resources(t, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties.AlarmActions)).toEqual([
      [given],
      [given],
      [given],
    ]);
  });
});

describe('the policy and the runtime agree on which stacks are builds', () => {
  /** IAM's resource match, written out independently: `*` any run of characters, the rest literal. */
  const iamAllows = (pattern: string, arn: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(arn);

  /** The DeleteStack resource of the synthesized reaper, with the partition filled in. */
  function deletableArnPattern(): string {
    const statements = Object.values(template('delete').findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Sid?: string; Resource: unknown }[] } } })
          .Properties.PolicyDocument.Statement,
    );
    const resource = statements.find((s) => s.Sid === 'DeleteExpiredBuilds')!.Resource as {
      'Fn::Join': [string, (string | { Ref: string })[]];
    };
    return resource['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'aws')).join('');
  }

  const CANDIDATES = [
    'goldenpath-dev-b-pr-7',
    'goldenpath-dev-b-26-01-23-01',
    'goldenpath-dev-b-x',
    'goldenpath-dev-persistent',
    'goldenpath-dev-foundation',
    'goldenpath-dev-bb-pr-7',
    'goldenpath-devb-pr-7',
    'goldenpath-prod-b-pr-7',
    'goldenpath-test-b-pr-7',
    'Goldenpath-dev-b-pr-7',
    'other-goldenpath-dev-b-pr-7',
  ];

  test('a stack the policy lets the reaper delete is exactly one the runtime would reap', async () => {
    const pattern = deletableArnPattern();
    const arn = (name: string) => `arn:aws:cloudformation:eu-west-2:111111111111:stack/${name}/0b9c2f40-1`;
    const prefix = buildStackPrefix('dev');
    // Every candidate tagged as an expired build of its own name, so only the name decides.
    const stacks: CfnStack[] = CANDIDATES.map((name) => ({
      StackName: name,
      StackId: arn(name),
      StackStatus: 'CREATE_COMPLETE',
      CreationTime: new Date('2026-01-01T00:00:00Z'),
      Tags: [
        { Key: 'Environment', Value: 'dev' },
        { Key: 'Lifecycle', Value: 'ephemeral' },
        { Key: 'BuildId', Value: name.startsWith(prefix) ? name.slice(prefix.length) : name },
        { Key: 'TtlHours', Value: '1' },
      ],
    }));
    const deleted: string[] = [];
    const cfn = {
      send: (command: unknown) => {
        if (command instanceof DeleteStackCommand) deleted.push(command.input.StackName!);
        return Promise.resolve(command instanceof DescribeStacksCommand ? { Stacks: stacks } : {});
      },
    } as unknown as CloudFormationClient;

    await reap(cfn, { env: 'dev', mode: 'delete', now: new Date('2026-02-01T00:00:00Z') });

    const allowed = CANDIDATES.filter((name) => iamAllows(pattern, arn(name)));
    expect(allowed).toEqual(['goldenpath-dev-b-pr-7', 'goldenpath-dev-b-26-01-23-01', 'goldenpath-dev-b-x']);
    expect(deleted).toEqual(allowed.map(arn));
    expect(CANDIDATES.filter(buildStacks('dev').matches)).toEqual(allowed);
  });
});
