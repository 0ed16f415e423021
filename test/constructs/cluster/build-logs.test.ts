import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildTestApp } from '../../util';

describe('BuildLogs: a build leaves no log group behind', () => {
  const { ephemeral, persistent } = buildTestApp({ buildId: 'pr-1' });
  const t = Template.fromStack(ephemeral!);
  const resources = t.toJSON().Resources as Record<
    string,
    { Type: string; DeletionPolicy?: string; DependsOn?: string[]; Properties?: Record<string, unknown> }
  >;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  test('every log group of the build has a retention and is deleted with the stack', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'LogsControlPlane',
      'PlatformClusterKubectlProviderHandlerLogGroup',
      'PlatformClusterKubectlProviderframeworkonEventLogGroup',
      'SweeperLogs',
    ]);
    for (const [, g] of groups) {
      expect([g.DeletionPolicy, g.Properties?.RetentionInDays]).toEqual(['Delete', 30]);
    }
  });

  test("EKS's control-plane log group is made before the cluster, under the name EKS writes to", () => {
    t.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/eks/goldenpath-dev-b-pr-1/cluster',
      RetentionInDays: 30,
    });
    const [[, cluster]] = ofType('AWS::EKS::Cluster');
    expect(cluster.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^LogsControlPlane/)]));
  });

  test("the kubectl handler's log group outlives the custom resources it runs", () => {
    const handlerLogs = ofType('AWS::Logs::LogGroup').find(([id]) =>
      id.startsWith('PlatformClusterKubectlProviderHandlerLogGroup'),
    )![0];
    for (const [, r] of [
      ...ofType('Custom::AWSCDK-EKS-HelmChart'),
      ...ofType('Custom::AWSCDK-EKS-KubernetesResource'),
    ]) {
      expect(r.DependsOn).toContain(handlerLogs);
    }
  });

  test('EBS volumes carry the cluster name the sweeper finds them by', () => {
    t.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'aws-ebs-csi-driver',
      ConfigurationValues: JSON.stringify({
        controller: { extraVolumeTags: { KubernetesCluster: 'goldenpath-dev-b-pr-1' } },
      }),
    });
  });

  test('the persistent cluster keeps its log groups as they were (no control-plane group of its own)', () => {
    Template.fromStack(persistent).resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      { LogGroupName: Match.stringLikeRegexp('^/aws/eks/') },
      0,
    );
  });
});
