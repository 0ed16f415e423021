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
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudformation:eu-west-2:111111111111:stack/goldenpath-dev-b-*/*',
                ],
              ],
            },
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
});
