import { Stack } from 'aws-cdk-lib';
import {
  resourceDependencies,
  transitiveDependencies,
  type TemplateJson,
} from '../../../lib/ops/template-graph';
import { sharedTestApp, templateOf } from '../../util';

// `orderTeardown` is proven on the synthesized templates of the stacks that call it: what
// CloudFormation deletes first is what depends on the rest.

/** Resources that run in the cluster (or act on what it made) and so must be deleted first. */
const IN_CLUSTER = [
  'Custom::AWSCDK-EKS-HelmChart',
  'Custom::AWSCDK-EKS-KubernetesResource',
  'Custom::BuildSweeper',
  'Custom::BuildUninstall',
];
/** What they need while they are deleted. */
const PLUMBING = ['AWS::EKS::PodIdentityAssociation', 'AWS::EKS::Addon', 'AWS::EKS::AccessEntry'];

/** For each in-cluster resource, the plumbing (and the identities' roles and policies) it does not depend on. */
function missingOrder(stack: Stack): { missing: Record<string, string[]>; plumbing: string[] } {
  const template = templateOf(stack).toJSON() as TemplateJson;
  const resources = template.Resources ?? {};
  const deps = resourceDependencies(template);
  const ofType = (types: string[]) =>
    Object.keys(resources).filter((id) => types.includes(resources[id].Type));
  // The roles the associations name (their policies are inline), and any policy attached to them.
  const roles = ofType(['AWS::EKS::PodIdentityAssociation']).flatMap((id) =>
    [...(deps.get(id) ?? [])].filter((d) => resources[d].Type === 'AWS::IAM::Role'),
  );
  const policies = ofType(['AWS::IAM::Policy']).filter((id) =>
    [...(deps.get(id) ?? [])].some((d) => roles.includes(d)),
  );
  const plumbing = [...ofType(PLUMBING), ...roles, ...policies];
  const missing = Object.fromEntries(
    ofType(IN_CLUSTER).map((id) => {
      const before = transitiveDependencies(deps, id);
      return [id, plumbing.filter((p) => !before.has(p))];
    }),
  );
  return { missing, plumbing: plumbing.map((id) => resources[id].Type) };
}

describe('teardown order in the template (DESIGN §9): apps first, plumbing last', () => {
  test.each(['dev', 'test', 'staging', 'prod'])(
    '%s: every in-cluster resource depends on every identity, role, policy, add-on and access entry',
    (env) => {
      // Builds run only where config allows them (dev and test).
      const buildsAllowed = env === 'dev' || env === 'test';
      const { persistent, ephemeral } = sharedTestApp({ env, buildId: buildsAllowed ? 'pr-1' : undefined });
      expect(ephemeral !== undefined).toBe(buildsAllowed);
      for (const stack of ephemeral ? [persistent, ephemeral] : [persistent]) {
        const { missing, plumbing } = missingOrder(stack);
        const inCluster = Object.keys(missing);
        const count = (type: string) => plumbing.filter((t) => t === type).length;
        // Access entries: the platform admins, the nodes, and the CI roles of the lifecycle
        // (deploy and nightly on the persistent cluster, the build role and the teardown
        // function on a build's).
        expect([
          count('AWS::EKS::PodIdentityAssociation'),
          count('AWS::EKS::Addon'),
          count('AWS::EKS::AccessEntry'),
          count('AWS::IAM::Role'),
        ]).toEqual([6, 5, 4, 6]);
        // The check has something to check: ArgoCD and its manifest everywhere, the uninstall
        // and the sweeper in builds.
        expect(inCluster.length).toBe(stack === ephemeral ? 4 : 2);
        expect(missing).toEqual(Object.fromEntries(inCluster.map((id) => [id, []])));
      }
    },
  );

  test('the check fails when an in-cluster resource is not ordered after the plumbing', () => {
    const { ephemeral } = sharedTestApp({ env: 'dev', buildId: 'pr-1' });
    const template = templateOf(ephemeral!).toJSON() as TemplateJson;
    const chartId = Object.keys(template.Resources!).find(
      (id) => template.Resources![id].Type === 'Custom::AWSCDK-EKS-HelmChart',
    )!;
    const deps = resourceDependencies(template);
    const withOrder = transitiveDependencies(deps, chartId);
    const addons = Object.keys(template.Resources!).filter(
      (id) => template.Resources![id].Type === 'AWS::EKS::Addon',
    );
    expect(addons.every((a) => withOrder.has(a))).toBe(true);
    // Without its DependsOn the chart would no longer wait for the add-ons.
    deps.set(
      chartId,
      new Set([...deps.get(chartId)!].filter((d) => template.Resources![d].Type !== 'AWS::EKS::Addon')),
    );
    const without = transitiveDependencies(deps, chartId);
    expect(addons.filter((a) => !without.has(a)).length).toBeGreaterThan(0);
  });

  test.each(['dev', 'test'])(
    '%s build: the uninstall goes before the bootstrap manifest and the ArgoCD chart, the sweep after the uninstall',
    (env) => {
      const { ephemeral } = sharedTestApp({ env, buildId: 'pr-1' });
      const template = templateOf(ephemeral!).toJSON() as TemplateJson;
      const resources = template.Resources!;
      const deps = resourceDependencies(template);
      const one = (type: string) => {
        const ids = Object.keys(resources).filter((id) => resources[id].Type === type);
        expect(ids).toHaveLength(1);
        return ids[0];
      };
      const uninstall = one('Custom::BuildUninstall');
      const sweeper = one('Custom::BuildSweeper');
      const chart = one('Custom::AWSCDK-EKS-HelmChart');
      const manifests = Object.keys(resources).filter(
        (id) => resources[id].Type === 'Custom::AWSCDK-EKS-KubernetesResource',
      );
      // CloudFormation deletes a resource before everything it depends on.
      const deletedAfterUninstall = transitiveDependencies(deps, uninstall);
      expect({
        chart: deletedAfterUninstall.has(chart),
        manifests: manifests.map((m) => deletedAfterUninstall.has(m)),
        sweeper: deletedAfterUninstall.has(sweeper),
        // And nothing in the cluster waits on the uninstall (it would be deleted after it).
        dependents: Object.keys(resources).filter((id) => transitiveDependencies(deps, id).has(uninstall)),
      }).toEqual({ chart: true, manifests: manifests.map(() => true), sweeper: true, dependents: [] });
      expect(manifests.length).toBeGreaterThan(0);
    },
  );

  test("the sweep waits for the EKS cluster resource, not for the cluster's kubectl provider (which would lengthen the deploy chain)", () => {
    const { ephemeral } = sharedTestApp({ env: 'dev', buildId: 'pr-1' });
    const template = templateOf(ephemeral!).toJSON() as TemplateJson;
    const resources = template.Resources!;
    const deps = resourceDependencies(template);
    const sweeper = Object.keys(resources).find((id) => resources[id].Type === 'Custom::BuildSweeper')!;
    const before = transitiveDependencies(deps, sweeper);
    expect(
      [...(deps.get(sweeper) ?? [])].filter((id) => resources[id].Type === 'AWS::EKS::Cluster'),
    ).toHaveLength(1);
    const provider = Object.keys(resources).filter(
      (id) =>
        /KubectlProvider|KubectlReadyBarrier/.test(id) &&
        ['AWS::Lambda::Function', 'AWS::SSM::Parameter'].includes(resources[id].Type),
    );
    expect(provider.length).toBeGreaterThan(0);
    expect(provider.filter((id) => before.has(id))).toEqual([]);
  });
});
