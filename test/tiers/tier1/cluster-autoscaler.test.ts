import { clusterAutoscaler } from '../../../tiers/tier1/cluster-autoscaler';
import { BUILD_ID, expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('cluster-autoscaler', () => {
  const app = () => renderedApplication('ephemeral', 1, 'cluster-autoscaler');

  test(`rendered for build ${BUILD_ID}, maxTier 1.5`, () => {
    expect(renderTiers('ephemeral', 1.5).apps['cluster-autoscaler']).toMatchSnapshot();
  });

  test('tier 1, wave 40, pinned chart, in kube-system', () => {
    expectApplicationOf(app(), clusterAutoscaler);
  });

  test('discovers the node groups of its own cluster, as the Pod Identity service account', () => {
    expect(helmValues(app())).toMatchObject({
      autoDiscovery: { clusterName: `goldenpath-dev-b-${BUILD_ID}` },
      rbac: { serviceAccount: { name: 'cluster-autoscaler' } },
    });
    expect(clusterAutoscaler.workloadIdentity).toEqual({
      namespace: 'kube-system',
      serviceAccount: 'cluster-autoscaler',
    });
  });
});
