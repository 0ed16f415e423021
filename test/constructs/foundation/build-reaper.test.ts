import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BuildReaper } from '../../../constructs/foundation/build-reaper';
import type { ReaperMode } from '../../../lib/model/config';

function template(mode: ReaperMode): Template {
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
