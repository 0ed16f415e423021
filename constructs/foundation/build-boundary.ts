import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentName } from '../../lib/model/config';
import { buildBoundaryPolicyName } from '../../lib/model/ci-identities';
import { acknowledgeNag } from '../../lib/stacks/nag';

export interface BuildBoundaryProps {
  readonly env: EnvironmentName;
  /** The environment's base domain: builds change DNS names under `b-*.<env>.<baseDomain>` only. */
  readonly baseDomain: string;
}

/** The `Lifecycle` tag values of what is not a build's (lib/model/tags.ts). */
const NOT_A_BUILD = ['foundation', 'persistent'];

/** Role actions whose target must carry the build boundary (`iam:PermissionsBoundary` applies). */
const BOUNDED_ROLE_ACTIONS = [
  'iam:CreateRole',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:PutRolePermissionsBoundary',
];

/**
 * What a build may never do, whatever role it acts through (DESIGN §9a). Everything else is
 * allowed: an EKS cluster stack uses most of EC2, EKS, IAM, Lambda and ELB, and the guarantee is
 * in these denies, which the IAM simulator tests prove one by one.
 */
export function buildBoundaryStatements(
  env: EnvironmentName,
  baseDomain: string,
  boundaryArn: string,
  arn: (service: string, resource: string) => string,
): iam.PolicyStatement[] {
  const buildStacks = arn('cloudformation', `stack/goldenpath-${env}-b-*/*`);
  const deny = (sid: string, props: Omit<iam.PolicyStatementProps, 'sid' | 'effect'>) =>
    new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, ...props });
  return [
    new iam.PolicyStatement({ sid: 'BuildStackResources', actions: ['*'], resources: ['*'] }),
    deny('OnlyBuildStacks', {
      actions: [
        'cloudformation:CreateStack',
        'cloudformation:UpdateStack',
        'cloudformation:DeleteStack',
        'cloudformation:CreateChangeSet',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:SetStackPolicy',
        'cloudformation:UpdateTerminationProtection',
      ],
      notResources: [buildStacks],
    }),
    // Every role a build makes carries this boundary; no other role can be changed or created.
    deny('RolesOnlyWithTheBoundary', {
      actions: BOUNDED_ROLE_ACTIONS,
      resources: ['*'],
      conditions: { StringNotEquals: { 'iam:PermissionsBoundary': boundaryArn } },
    }),
    deny('KeepTheBoundary', { actions: ['iam:DeleteRolePermissionsBoundary'], resources: ['*'] }),
    // Role actions without the boundary key: only on roles tagged as a build's.
    deny('OtherRolesUntouched', {
      actions: [
        'iam:DeleteRole',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
        'iam:UpdateAssumeRolePolicy',
        'iam:PassRole',
        'iam:TagRole',
        'iam:UntagRole',
      ],
      resources: ['*'],
      conditions: { StringNotEquals: { 'aws:ResourceTag/Lifecycle': 'ephemeral' } },
    }),
    deny('NoUsersPoliciesOrProviders', {
      actions: [
        'iam:*User*',
        'iam:*AccessKey*',
        'iam:*LoginProfile*',
        'iam:*Group*',
        'iam:CreatePolicy*',
        'iam:DeletePolicy*',
        'iam:SetDefaultPolicyVersion',
        'iam:*OpenIDConnectProvider*',
        'iam:*SAMLProvider*',
      ],
      resources: ['*'],
    }),
    deny('NothingOfTheFoundationOrPersistentCluster', {
      actions: [
        'ec2:Delete*',
        'ec2:Modify*',
        'ec2:Authorize*',
        'ec2:Revoke*',
        'ec2:Terminate*',
        'ec2:CreateTags',
        'ec2:DeleteTags',
        'elasticloadbalancing:*',
        'eks:*',
        'autoscaling:*',
        'lambda:*',
        'kms:*',
        'logs:*',
      ],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:ResourceTag/Lifecycle': NOT_A_BUILD } },
    }),
    deny('NoPlatformData', {
      actions: ['rds:*', 'secretsmanager:*', 's3:*'],
      resources: [
        arn('rds', '*'),
        arn('secretsmanager', `secret:goldenpath/${env}/*`),
        `arn:aws:s3:::goldenpath-${env}-foundation-*`,
      ],
    }),
    deny('DnsOnlyUnderBuildSuffixes', {
      actions: ['route53:ChangeResourceRecordSets'],
      resources: ['*'],
      conditions: {
        'ForAnyValue:StringNotLike': {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
            `b-*.${env}.${baseDomain}`,
            `*.b-*.${env}.${baseDomain}`,
          ],
        },
      },
    }),
    deny('NoZoneChanges', {
      actions: [
        'route53:CreateHostedZone',
        'route53:DeleteHostedZone',
        'route53:UpdateHostedZone*',
        'route53:AssociateVPCWithHostedZone',
        'route53:DisassociateVPCFromHostedZone',
        'route53:ChangeTagsForResource',
      ],
      resources: ['*'],
    }),
  ];
}

/**
 * The managed policy `goldenpath-<env>-build-boundary`: the CloudFormation execution policy of
 * the builds' CDK bootstrap (qualifier `gpbuild`) and the permissions boundary of every role a
 * build creates, so that nothing a build deploys, nor any identity it makes, can reach beyond it.
 */
export class BuildBoundary extends Construct {
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: BuildBoundaryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const name = buildBoundaryPolicyName(props.env);
    const arn = (service: string, resource: string) =>
      `arn:aws:${service}:${service === 'iam' ? '' : stack.region}:${stack.account}:${resource}`;
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: name,
      description: `goldenpath ${props.env}: what builds may do (bootstrap execution policy and permissions boundary)`,
      statements: buildBoundaryStatements(props.env, props.baseDomain, arn('iam', `policy/${name}`), arn),
    });
    acknowledgeNag(
      this.policy,
      'AwsSolutions-IAM5[Action::*]',
      'A build deploys a whole EKS cluster stack; what it may not touch is denied explicitly, and each deny is tested.',
    );
    acknowledgeNag(
      this.policy,
      'AwsSolutions-IAM5[Resource::*]',
      'A build deploys a whole EKS cluster stack; what it may not touch is denied explicitly, and each deny is tested.',
    );
  }
}
