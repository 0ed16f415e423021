import { Duration, Stack, aws_rds as rds, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DatabaseAlarms, type DatabaseAlarmsProps } from '../../../constructs/foundation/database-alarms';
import { testApp } from '../../util';

function build(extra: Partial<DatabaseAlarmsProps> = {}) {
  const stack = new Stack(testApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-2' } });
  const instance = rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Db', {
    instanceIdentifier: 'goldenpath-dev-foundation-postgres',
    instanceEndpointAddress: 'db.example.internal',
    port: 5432,
    securityGroups: [],
  });
  const alarms = new DatabaseAlarms(stack, 'Alarms', {
    instance,
    alarmNamePrefix: 'goldenpath-dev-foundation-rds',
    allocatedStorageGiB: 20,
    maxConnections: 112,
    ...extra,
  });
  return { stack, alarms, template: Template.fromStack(stack) };
}

describe('DatabaseAlarms', () => {
  test('exactly these alarms, named from the prefix', () => {
    const { alarms, template } = build();
    expect(Object.keys(alarms.alarms)).toEqual([
      'cpu-warning',
      'cpu-critical',
      'freeable-memory-warning',
      'freeable-memory-critical',
      'free-storage-warning',
      'free-storage-critical',
      'connections-warning',
      'read-latency-warning',
      'write-latency-warning',
    ]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'goldenpath-dev-foundation-rds-cpu-critical',
      Threshold: 90,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Period: 300,
    });
  });

  test('storage and connection thresholds are shares of what the instance has', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'goldenpath-dev-foundation-rds-free-storage-critical',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: Math.round(20 * 1024 ** 3 * 0.15),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'goldenpath-dev-foundation-rds-connections-warning',
      Threshold: 78,
    });
  });

  test('a topic gets every alarm and its return to OK; the period is a prop', () => {
    const stack = new Stack(testApp(), 'Topic');
    const topic = sns.Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:eu-west-2:111111111111:platform-alerts');
    const { template } = build({ topic, period: Duration.minutes(1) });
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: ['arn:aws:sns:eu-west-2:111111111111:platform-alerts'],
      OKActions: ['arn:aws:sns:eu-west-2:111111111111:platform-alerts'],
      Period: 60,
    });
    build().template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.absent() });
  });

  test('an alarm name AWS would refuse fails synth', () => {
    expect(() => build({ alarmNamePrefix: 'x'.repeat(250) })).toThrow(
      `Invalid alarm name "${'x'.repeat(250)}-cpu-warning": 262 characters; alarm names have at most 255`,
    );
  });
});
