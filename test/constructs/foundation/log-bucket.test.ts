import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { LogBucket } from '../../../constructs/foundation/log-bucket';
import { testApp } from '../../util';

function build(
  bucketName: string,
  extra: { infrequentAccessAfterDays?: number; expireAfterDays?: number } = {},
) {
  const stack = new Stack(testApp(), 'Test');
  new LogBucket(stack, 'Logs', { bucketName, ...extra });
  return Template.fromStack(stack);
}

describe('LogBucket', () => {
  test('the bucket and its access-log bucket: named, private, encrypted, retained', () => {
    const template = build('goldenpath-dev-foundation-logs-111111111111');

    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: 'goldenpath-dev-foundation-logs-111111111111',
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: Match.objectLike({
          BlockPublicAcls: true,
          RestrictPublicBuckets: true,
        }),
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'logs/' },
      }),
    });
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ BucketName: 'goldenpath-dev-foundation-logs-111111111111-access' }),
    });
  });

  test('tiering and expiry days come from props, 30 and 400 by default', () => {
    const rule = (ia: number, expire: number) =>
      Match.objectLike({
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              Id: 'tier-and-expire',
              ExpirationInDays: expire,
              Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: ia }],
            }),
          ]),
        },
      });
    build('goldenpath-dev-logs').hasResourceProperties('AWS::S3::Bucket', rule(30, 400));
    build('goldenpath-dev-logs', {
      infrequentAccessAfterDays: 60,
      expireAfterDays: 90,
    }).hasResourceProperties('AWS::S3::Bucket', rule(60, 90));
  });

  test('a name whose access-log bucket would exceed 63 characters fails synth', () => {
    const name = `goldenpath-${'x'.repeat(50)}`;
    expect(() => build(name)).toThrow(
      `Invalid s3Bucket name "${name}-access": 68 characters; s3Bucket names have 3 to 63`,
    );
  });
});
