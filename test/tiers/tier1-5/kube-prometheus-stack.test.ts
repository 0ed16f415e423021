import { kubePrometheusStack } from '../../../tiers/tier1-5/kube-prometheus-stack';
import { BUILD_ID, expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('kube-prometheus-stack', () => {
  test(`rendered for build ${BUILD_ID}, maxTier 1.5`, () => {
    expect(renderTiers('ephemeral', 1.5).apps['kube-prometheus-stack']).toMatchSnapshot();
  });

  test('tier 1.5, wave 50, pinned chart, server-side apply for its large CRDs', () => {
    const app = renderedApplication('ephemeral', 1.5, 'kube-prometheus-stack');
    expectApplicationOf(app, kubePrometheusStack);
    expect(app.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'ServerSideApply=true']);
  });

  test('its Grafana serves grafana.<hostSuffix> until tier 2’s Grafana on PostgreSQL takes the name', () => {
    const grafana = (maxTier: 1.5 | 2) =>
      helmValues(renderedApplication('persistent', maxTier, 'kube-prometheus-stack')).grafana.ingress;
    expect(grafana(1.5)).toMatchObject({ enabled: true, hosts: ['grafana.dev.goldenpathidp.io'] });
    expect(grafana(2).enabled).toBe(false);
  });
});
