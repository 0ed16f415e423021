import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { ClusterStack } from '../../../lib/stacks/cluster-stack';
import {
  resourceDependencies,
  transitiveDependencies,
  type TemplateJson,
} from '../../../lib/ops/template-graph';
import { sharedTestApp, templateOf } from '../../util';

describe('BuildLogs: a build leaves no log group behind', () => {
  type Resource = {
    Type: string;
    DeletionPolicy?: string;
    DependsOn?: string[];
    Properties?: Record<string, unknown>;
  };
  let persistent: ClusterStack;
  let t: Template;
  let resources: Record<string, Resource>;
  // In a hook, so that an app that fails to build fails these tests alone.
  beforeAll(() => {
    const built = sharedTestApp({ buildId: 'pr-1' });
    persistent = built.persistent;
    t = templateOf(built.ephemeral!);
    resources = t.toJSON().Resources as Record<string, Resource>;
  });
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

  test("the kubectl handler's and its provider framework's log groups outlive the custom resources they run", () => {
    const groups = ofType('AWS::Logs::LogGroup')
      .map(([id]) => id)
      .filter((id) => id.startsWith('PlatformClusterKubectlProvider'));
    expect(groups).toHaveLength(2);
    const kubectl = [
      ...ofType('Custom::AWSCDK-EKS-HelmChart'),
      ...ofType('Custom::AWSCDK-EKS-KubernetesResource'),
    ];
    expect(kubectl.length).toBeGreaterThan(1);
    for (const [, r] of kubectl) expect(groups.filter((g) => !r.DependsOn?.includes(g))).toEqual([]);
  });

  test('the provider framework writes to a group named for the cluster, which it depends on (so no longer chain)', () => {
    const [[groupId, group]] = ofType('AWS::Logs::LogGroup').filter(([id]) =>
      id.startsWith('PlatformClusterKubectlProviderframeworkonEventLogGroup'),
    );
    const [[, framework]] = ofType('AWS::Lambda::Function').filter(([id]) =>
      id.startsWith('PlatformClusterKubectlProviderframeworkonEvent'),
    );
    expect(group.Properties?.LogGroupName).toBe(
      '/goldenpath/goldenpath-dev-b-pr-1/kubectl-provider-framework',
    );
    expect((framework.Properties?.LoggingConfig as { LogGroup?: unknown }).LogGroup).toBe(
      '/goldenpath/goldenpath-dev-b-pr-1/kubectl-provider-framework',
    );
    expect(framework.DependsOn).toContain(groupId);
  });

  test("the teardown function's log group outlives the uninstall and the sweep (they depend on the function, which logs to it)", () => {
    const [[groupId]] = ofType('AWS::Logs::LogGroup').filter(([id]) => id.startsWith('SweeperLogs'));
    const [[fnId, fn]] = ofType('AWS::Lambda::Function').filter(([id]) => id.startsWith('SweeperFunction'));
    expect((fn.Properties?.LoggingConfig as { LogGroup?: unknown }).LogGroup).toEqual({ Ref: groupId });
    const json = t.toJSON() as TemplateJson;
    const deps = resourceDependencies(json);
    for (const [id] of [...ofType('Custom::BuildUninstall'), ...ofType('Custom::BuildSweeper')]) {
      const before = transitiveDependencies(deps, id);
      expect([id, before.has(fnId), before.has(groupId)]).toEqual([id, true, true]);
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
    templateOf(persistent).resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      { LogGroupName: Match.stringLikeRegexp('^/aws/eks/') },
      0,
    );
  });
});
