// What a cluster template holds for review and for CloudFormation's limits: the acknowledged cdk-nag
// findings and the template budget.
import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { measureTemplate } from '../../../../lib/ops/template-graph';
import { buildTestApp } from '../../../util';
import { app, buildsAllowed, template } from './fixture';

describe('cdk-nag', () => {
  test('the acknowledged findings of a cluster stack, each with its reason next to the resource', () => {
    const { app: cdkApp } = app('dev', 'pr-123');
    cdkApp.synth();
    const acks = cdkApp.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.keys(m.data as Record<string, string>).map((rule) => [c.node.path, rule])),
      )
      .filter(([path, rule]) => path.startsWith('Ephemeral/') && rule.startsWith('AwsSolutions::'))
      .map(([path, rule]) => [
        path.replace('Ephemeral/', ''),
        rule.replace('AwsSolutions::AwsSolutions-', ''),
      ]);
    const managed = (p: string) => `IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`;
    const kubectl = 'Platform/Cluster/KubectlProvider';
    const nodes = 'Platform/Cluster/NodegroupNodes/NodeGroupRole';
    const alb = 'Identities/AwsLoadBalancerControllerRole';
    expect(acks).toEqual([
      ['Platform/Cluster/Role', managed('AmazonEKSClusterPolicy')],
      [kubectl, managed('service-role/AWSLambdaBasicExecutionRole')],
      [kubectl, managed('service-role/AWSLambdaVPCAccessExecutionRole')],
      [kubectl, managed('AmazonEC2ContainerRegistryReadOnly')],
      [
        kubectl,
        'IAM4[Policy::{"Fn::If":["PlatformClusterKubectlProviderHandlerHasEcrPublic93383F72",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]',
      ],
      [kubectl, 'IAM5[Resource::<PlatformClusterKubectlProviderHandler878759C4.Arn>:*]'],
      [kubectl, 'L1'],
      [nodes, managed('AmazonEKSWorkerNodePolicy')],
      [nodes, managed('AmazonEKS_CNI_Policy')],
      [nodes, managed('AmazonEC2ContainerRegistryReadOnly')],
      ['Identities/ExternalDnsRole', 'IAM5[Resource::*]'],
      [alb, 'IAM5[Resource::*]'],
      [alb, 'IAM5[Resource::arn:aws:ec2:*:*:security-group/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:targetgroup/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*]'],
      ['Identities/ClusterAutoscalerRole', 'IAM5[Resource::*]'],
      ['Identities/EbsCsiRole', 'IAM5[Resource::*]'],
      ['Identities/EbsCsiRole', 'IAM5[Resource::arn:aws:ec2:*:*:volume/*]'],
      ['Identities/EbsCsiRole', 'IAM5[Resource::arn:aws:ec2:*:*:snapshot/*]'],
      ['Identities/EbsCsiRole', 'IAM5[Resource::arn:aws:ec2:*:*:instance/*]'],
      [
        'Identities/LokiRole',
        'IAM5[Resource::arn:aws:s3:::<SsmParameterValuegoldenpathdevfoundationv1logbucketnameC96584B6F00A464EAD1953AFF4B05118Parameter>/loki-goldenpath-dev-b-pr-123/*]',
      ],
      ['Sweeper/Function/ServiceRole', managed('service-role/AWSLambdaVPCAccessExecutionRole')],
      ['Sweeper/Function/ServiceRole', managed('service-role/AWSLambdaBasicExecutionRole')],
      ['Sweeper/Function/ServiceRole', 'IAM5[Resource::*]'],
    ]);
  });
});

describe('template budget (README "Template budget")', () => {
  test.each([
    ['dev', undefined],
    ['prod', '1.5'],
  ] as const)('the %s Ephemeral template (maxTier %s) leaves room for the sweeper', (env, maxTier) => {
    const t =
      maxTier === undefined
        ? template('ephemeral', env)
        : Template.fromStack(
            buildTestApp({ env, buildId: 'pr-123', maxTier }, buildsAllowed(env)).ephemeral!,
          );
    const m = measureTemplate(t.toJSON());
    expect({
      lambdaFunctions: m.lambdaFunctions,
      customResources: m.customResources,
      nestedStacks: m.nestedStacks,
      importValues: m.importValues,
      longestChain: m.longestChain,
    }).toEqual({ lambdaFunctions: 3, customResources: 4, nestedStacks: 0, importValues: 0, longestChain: 9 });
    expect(m.longestChainPath.slice(-3).map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      'ArgoCdChart',
      'ArgoCdBootstrap',
      'Uninstall',
    ]);
  });
});
