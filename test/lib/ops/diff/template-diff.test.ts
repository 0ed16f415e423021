import { diffTemplate } from '../../../../lib/ops/diff/template-diff';
import type { Template } from '../../../../lib/ops/diff/snapshot';

const statement = (s: Record<string, unknown>) => ({ Statement: [s] });

/** A managed policy, a KMS key and a role with an inline policy: every place a statement can live. */
const POLICIES: Template = {
  Resources: {
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: {
        // A single statement, not in an array: IAM allows it.
        KeyPolicy: {
          Statement: {
            Effect: 'Allow',
            Action: 'kms:*',
            Principal: { AWS: 'arn:aws:iam::1:root' },
            Resource: '*',
          },
        },
      },
    },
    Managed: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        PolicyDocument: statement({
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: 'arn:aws:s3:::b/*',
        }),
      },
    },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Statement: [] },
        Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [] } }],
      },
    },
  },
};

const WIDER: Template = {
  Resources: {
    Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [] } } },
    Managed: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        PolicyDocument: statement({
          Effect: 'Deny',
          NotAction: 's3:GetObject',
          NotResource: ['a', 'b'],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      },
    },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: statement({
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          NotPrincipal: { Service: 'x' },
        }),
        Policies: [
          {
            PolicyName: 'p',
            PolicyDocument: statement({ Effect: 'Allow', Action: 'sqs:*', Resource: { Ref: 'Queue' } }),
          },
        ],
      },
    },
  },
};

describe('diffTemplate', () => {
  test('the same template on both sides: no changes at all', () => {
    expect(diffTemplate(POLICIES, POLICIES)).toBeUndefined();
  });

  test('statements of managed policies, key policies, trust policies and inline policies, with NOT forms', () => {
    const changes = diffTemplate(POLICIES, WIDER)!;
    expect(changes.iamStatements).toEqual([
      {
        sign: '-',
        logicalId: 'Key',
        effect: 'Allow',
        action: 'kms:*',
        resource: '*',
        principal: '{"AWS":"arn:aws:iam::1:root"}',
        condition: '',
      },
      {
        sign: '+',
        logicalId: 'Managed',
        effect: 'Deny',
        action: 'NOT s3:GetObject',
        resource: 'NOT a, b',
        principal: '',
        condition: '{"Bool":{"aws:SecureTransport":"false"}}',
      },
      {
        sign: '-',
        logicalId: 'Managed',
        effect: 'Allow',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/*',
        principal: '',
        condition: '',
      },
      {
        sign: '+',
        logicalId: 'Role',
        effect: 'Allow',
        action: 'sts:AssumeRole',
        resource: '',
        principal: 'NOT {"Service":"x"}',
        condition: '',
      },
      {
        sign: '+',
        logicalId: 'Role',
        effect: 'Allow',
        action: 'sqs:*',
        resource: '{"Ref":"Queue"}',
        principal: '',
        condition: '',
      },
    ]);
    expect(changes.permissionsBroadened).toBe(true);
    expect(changes.resourceChanges).toBe(3);
  });

  test('a removed resource is destroyed, or orphaned when it is retained; neither names a cause', () => {
    const base: Template = {
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
        Queue: { Type: 'AWS::SQS::Queue' },
      },
    };
    expect(diffTemplate(base, { Resources: {} })!.replacements).toEqual([
      { logicalId: 'Bucket', type: 'AWS::S3::Bucket', impact: 'will be orphaned', causes: [] },
      { logicalId: 'Queue', type: 'AWS::SQS::Queue', impact: 'will be destroyed', causes: [] },
    ]);
  });

  test('a stack only in head: added, every resource counted, its statements listed, nothing replaced', () => {
    const changes = diffTemplate(undefined, WIDER)!;
    expect([changes.status, changes.resourceChanges, changes.replacements]).toEqual(['added', 3, []]);
    expect(changes.iamStatements.map((s) => [s.sign, s.logicalId])).toEqual([
      ['+', 'Managed'],
      ['+', 'Role'],
      ['+', 'Role'],
    ]);
  });

  test('the rendered text is cloudformation-diff’s, without terminal colours', () => {
    const text = diffTemplate(
      { Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'a' } } } },
      { Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'b' } } } },
    )!.text;
    expect(text).toBe(
      [
        'Resources',
        '[~] AWS::SNS::Topic T replace',
        ' └─ [~] TopicName (requires replacement)',
        '     ├─ [-] a',
        '     └─ [+] b',
      ].join('\n'),
    );
  });
});
