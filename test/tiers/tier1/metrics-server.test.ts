import { metricsServer } from '../../../tiers/tier1/metrics-server';
import { BUILD_ID, expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('metrics-server', () => {
  test(`rendered for build ${BUILD_ID}, maxTier 1.5`, () => {
    expect(renderTiers('ephemeral', 1.5).apps['metrics-server']).toMatchSnapshot();
  });

  test('tier 1, wave 41, pinned chart, in kube-system', () => {
    expectApplicationOf(renderedApplication('ephemeral', 1, 'metrics-server'), metricsServer);
  });

  test('one replica on a build, two on a persistent cluster', () => {
    expect(helmValues(renderedApplication('ephemeral', 1, 'metrics-server')).replicas).toBe(1);
    expect(helmValues(renderedApplication('persistent', 1, 'metrics-server')).replicas).toBe(2);
  });
});
