import { App, Stack, aws_eks_v2 as eks, aws_iam as iam } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { WorkloadIdentities } from '../../../constructs/cluster/workload-identities';
import { dnsScope } from '../../../lib/model/dns-scope';
import type { BuildId } from '../../../lib/model/build-id';

function synth(): Template {
  const stack = new Stack(new App(), 'S');
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'goldenpath-dev-b-1' });
  const dns = dnsScope({
    deployment: { env: 'dev', kind: 'ephemeral', buildId: '1' as BuildId },
    baseDomain: 'goldenpathidp.io',
    hostedZoneId: 'Z1',
  });
  new WorkloadIdentities(stack, 'Identities', {
    cluster,
    clusterName: 'goldenpath-dev-b-1',
    externalSecretsPolicy: iam.ManagedPolicy.fromManagedPolicyArn(
      stack,
      'ExternalSecretsRead',
      'arn:aws:iam::111111111111:policy/goldenpath-dev-external-secrets-read',
    ),
    externalDnsStatements: dns.statements,
  });
  return Template.fromStack(stack);
}

describe('WorkloadIdentities', () => {
  test('every role trusts EKS Pod Identity only', () => {
    const t = synth();
    t.resourceCountIs('AWS::IAM::Role', 5);
    t.allResourcesProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Effect: 'Allow',
            Principal: { Service: 'pods.eks.amazonaws.com' },
          },
        ],
      },
    });
  });

  test('External Secrets gets the Foundation read policy and nothing else', () => {
    synth().hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: ['arn:aws:iam::111111111111:policy/goldenpath-dev-external-secrets-read'],
      Policies: Match.absent(),
    });
  });

  test('cluster-autoscaler may scale only Auto Scaling groups tagged as this cluster', () => {
    synth().hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyName: 'clusterAutoscaler',
          PolicyDocument: {
            Statement: Match.arrayWith([
              {
                Sid: 'ScaleOwnNodeGroupsOnly',
                Effect: 'Allow',
                Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
                Resource: '*',
                Condition: {
                  StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/goldenpath-dev-b-1': 'owned' },
                },
              },
            ]),
          },
        },
      ],
    });
  });

  test('the load balancer controller gets the v2.13.0 policy, limited by its cluster tag', () => {
    const text = JSON.stringify(synth().toJSON());
    expect(text).toContain('"aws:ResourceTag/elbv2.k8s.aws/cluster":"false"');
    expect(text).toContain('elasticloadbalancing:CreateLoadBalancer');
  });
});
