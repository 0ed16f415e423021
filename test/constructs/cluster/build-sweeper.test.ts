import { App, Stack, aws_route53 as route53 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BuildSweeper } from '../../../constructs/cluster/build-sweeper';
import type { BuildId } from '../../../lib/model/build-id';
import { NORMALIZED_NAMES_KEY, dnsScope } from '../../../lib/model/dns-scope';

const templates = new Map<string, Template>();

/** The sweeper of the build with `hostSuffix`, made once per suffix and file (the tests only read it). */
function template(hostSuffix = 'b-pr-1.dev.goldenpathidp.io'): Template {
  let t = templates.get(hostSuffix);
  if (!t) {
    t = sweeperTemplate(hostSuffix);
    templates.set(hostSuffix, t);
  }
  return t;
}

function sweeperTemplate(hostSuffix: string): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Build', { env: { account: '111111111111', region: 'eu-west-2' } });
  new BuildSweeper(stack, 'Sweeper', {
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z0123',
      zoneName: 'dev.goldenpathidp.io',
    }),
    hostSuffix,
    clusterName: 'goldenpath-dev-b-pr-1',
  });
  return Template.fromStack(stack);
}

describe('BuildSweeper', () => {
  test('one Lambda and one custom resource on a direct service token (no Provider framework)', () => {
    const t = template();
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.hasResourceProperties('Custom::BuildSweeper', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweeperFunction'), 'Arn'] },
      HostedZoneId: 'Z0123',
      HostSuffix: 'b-pr-1.dev.goldenpathidp.io',
      ClusterName: 'goldenpath-dev-b-pr-1',
      // Shorter than the Lambda's 840 s, longer than the 780 s after which the function answers.
      ServiceTimeout: '810',
    });
    t.hasResourceProperties('AWS::Lambda::Function', { Timeout: 840, Runtime: 'nodejs24.x' });
  });

  test('may delete records only at and under the build host suffix, and only tagged cluster resources', () => {
    template().hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'DeleteBuildRecords',
            Effect: 'Allow',
            Action: 'route53:ChangeResourceRecordSets',
            Resource: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/Z0123']],
            },
            Condition: {
              'ForAllValues:StringLike': {
                'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
                  'b-pr-1.dev.goldenpathidp.io',
                  '*.b-pr-1.dev.goldenpathidp.io',
                ],
              },
              'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsActions': ['DELETE'] },
              // ForAllValues alone would also match a request without the keys.
              Null: {
                'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['false'],
                'route53:ChangeResourceRecordSetsActions': ['false'],
              },
            },
          },
          ...[
            { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'goldenpath-dev-b-pr-1' },
            { 'aws:ResourceTag/kubernetes.io/cluster/goldenpath-dev-b-pr-1': 'owned' },
            { 'aws:ResourceTag/KubernetesCluster': 'goldenpath-dev-b-pr-1' },
          ].map((tag, i) => ({
            Sid: `DeleteClusterResources${i}`,
            Effect: 'Allow',
            Action: [
              'elasticloadbalancing:DeleteLoadBalancer',
              'elasticloadbalancing:DeleteTargetGroup',
              'ec2:DeleteSecurityGroup',
              'ec2:DeleteVolume',
            ],
            Resource: '*',
            Condition: { StringEquals: tag },
          })),
        ]),
      },
    });
  });

  test('reads only its own stack status, to tell a stack delete from a replacement', () => {
    template().hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'ReadOwnStackStatus',
            Effect: 'Allow',
            Action: 'cloudformation:DescribeStacks',
            Resource: { Ref: 'AWS::StackId' },
          },
        ]),
      },
    });
  });

  test('the sweep runs while its permissions still exist (depends on the role and its policy)', () => {
    const sweeper = Object.values(template().findResources('Custom::BuildSweeper'))[0] as {
      DependsOn: string[];
    };
    expect(sweeper.DependsOn.map((d) => d.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      'SweeperFunctionServiceRoleDefaultPolicy',
      'SweeperFunctionServiceRole',
    ]);
  });

  test("its record names are the build's DNS scope: ExternalDNS's pattern plus the suffix itself", () => {
    const dns = dnsScope({
      deployment: { env: 'dev', kind: 'ephemeral', buildId: 'pr-7' as BuildId },
      baseDomain: 'goldenpathidp.io',
      hostedZoneId: 'Z0123',
    });
    const externalDnsNames = dns.statements.find((s) => s.Sid === 'ChangeRecordsInScope')?.Condition?.[
      'ForAllValues:StringLike'
    ]?.[NORMALIZED_NAMES_KEY];
    expect(externalDnsNames).toEqual(['*.b-pr-7.dev.goldenpathidp.io']);
    const policy = Object.values(template(dns.hostSuffix).findResources('AWS::IAM::Policy'))[0] as {
      Properties: {
        PolicyDocument: { Statement: { Sid: string; Condition?: Record<string, Record<string, unknown>> }[] };
      };
    };
    const sweep = policy.Properties.PolicyDocument.Statement.find((s) => s.Sid === 'DeleteBuildRecords');
    expect(sweep?.Condition?.['ForAllValues:StringLike']?.[NORMALIZED_NAMES_KEY]).toEqual([
      dns.hostSuffix,
      ...(externalDnsNames ?? []),
    ]);
  });
});
