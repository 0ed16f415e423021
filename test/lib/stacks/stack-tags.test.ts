import { App, CfnWaitConditionHandle, Stack, aws_s3 as s3, aws_ssm as ssm } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { parseBuildId } from '../../../lib/model/build-id';
import { applyDeploymentTags, applyTags } from '../../../lib/stacks/stack-tags';

/** A stack with a taggable resource at the top and one in a nested construct, and one that takes no tags. */
function stackWithResources() {
  const stack = new Stack(new App(), 'Tagged');
  new s3.Bucket(stack, 'Bucket');
  new ssm.StringParameter(new Construct(stack, 'Group'), 'Parameter', { stringValue: 'x' });
  new CfnWaitConditionHandle(stack, 'Handle');
  return stack;
}

const tagsOf = (template: Template, type: string) =>
  Object.values(template.findResources(type)).map(
    (r) => (r as { Properties?: { Tags?: unknown } }).Properties?.Tags,
  );

describe('applyDeploymentTags', () => {
  test('tags the stack and every taggable resource under it with deploymentTags', () => {
    const stack = stackWithResources();
    applyDeploymentTags(stack, { env: 'dev', kind: 'ephemeral', buildId: parseBuildId('pr-7') }, 'team', 12);
    const expected = {
      BuildId: 'pr-7',
      Environment: 'dev',
      Lifecycle: 'ephemeral',
      ManagedBy: 'cdk',
      Owner: 'team',
      Project: 'goldenpath-idp',
      TtlHours: '12',
    };
    const template = Template.fromStack(stack);
    // Tags are aspects: the stack's own (which the CLI passes to CloudFormation) are set at synth.
    expect(stack.tags.tagValues()).toEqual(expected);
    // CloudFormation's list form for S3, the map form for SSM: aws-cdk-lib renders each its way.
    expect(tagsOf(template, 'AWS::S3::Bucket')).toEqual([
      Object.entries(expected).map(([Key, Value]) => ({ Key, Value })),
    ]);
    expect(tagsOf(template, 'AWS::SSM::Parameter')).toEqual([expected]);
    expect(tagsOf(template, 'AWS::CloudFormation::WaitConditionHandle')).toEqual([undefined]);
  });
});

describe('applyTags', () => {
  test('applies any tag map to a construct’s subtree only', () => {
    const stack = new Stack(new App(), 'Tagged');
    const tagged = new s3.Bucket(stack, 'Tagged');
    new s3.Bucket(stack, 'Untagged');
    applyTags(tagged, { Team: 'data', CostCentre: '42' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      Tags: [
        { Key: 'CostCentre', Value: '42' },
        { Key: 'Team', Value: 'data' },
      ],
    });
    expect(tagsOf(template, 'AWS::S3::Bucket').filter((t) => t === undefined)).toHaveLength(1);
  });

  test('an empty map changes nothing', () => {
    const stack = stackWithResources();
    applyTags(stack, {});
    expect(tagsOf(Template.fromStack(stack), 'AWS::S3::Bucket')).toEqual([undefined]);
    expect(stack.tags.tagValues()).toEqual({});
  });
});
