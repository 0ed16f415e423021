import { argoCdValues } from '../../constructs/cluster/argocd';
import { renderApplication } from '../../lib/ops/charts/application';
import type { KubeObject } from '../../lib/ops/charts/kube-object';
import { renderChart } from '../../lib/ops/charts/render';
import { prevalidateObjects, validateObjects } from '../../lib/ops/charts/validate';
import { ARGOCD_NAMESPACE } from '../../lib/model/kubernetes';
import { HIGHEST_MAX_TIER, type Lifecycle } from '../../lib/model/tier';
import { VERSIONS } from '../../lib/model/versions';
import { chartTestContext, describeWithCharts } from '../lib/ops/charts/fixtures';
import { renderTiers, tierInput } from './fixture';
import { describeWithCatalogueCharts, renderedCluster } from './rendered-charts';

const LIFECYCLES = ['persistent', 'ephemeral'] as const;

/** What the raw chart of the root Application of a cluster of `lifecycle` renders. */
const rootObjects = (lifecycle: Lifecycle) =>
  renderApplication(
    chartTestContext(),
    renderTiers(lifecycle, HIGHEST_MAX_TIER[lifecycle]).root as unknown as KubeObject,
  );

/** The argo-cd chart with the values the cluster stack installs it with. */
function argoCdObjects(lifecycle: Lifecycle): KubeObject[] {
  const { hostSuffix } = tierInput(lifecycle, 1).bootstrap;
  return renderChart(chartTestContext(), {
    ...VERSIONS.charts.argoCd,
    releaseName: 'argocd',
    namespace: ARGOCD_NAMESPACE,
    // As the cluster stack installs it: sign-in through the realm where tier 3 runs.
    values: argoCdValues(hostSuffix, 'letsencrypt-prod', lifecycle === 'persistent'),
  });
}

describeWithCatalogueCharts(
  'every Application, rendered from its pinned chart with the project values',
  () => {
    // The objects of both clusters and of both roots (the raw chart is a catalogue chart) through one
    // kube-models process; the tests' validations then find their results.
    beforeAll(() => {
      prevalidateObjects(
        LIFECYCLES.flatMap((l) => [...renderedCluster(l).flatMap((s) => s.objects), ...rootObjects(l)]),
        chartTestContext().renderCache!,
      );
    }, 600_000);

    test.each(LIFECYCLES)(
      '%s cluster at its highest maxTier: every object valid, no unknown field, no kind unchecked',
      (lifecycle) => {
        const sets = renderedCluster(lifecycle);
        const report = validateObjects(sets, { resultCache: chartTestContext().renderCache });

        expect(report.errors).toEqual([]);
        expect(report.withoutSchema).toEqual([]);
        expect(sets.filter((s) => s.objects.length === 0).map((s) => s.source)).toEqual([]);
      },
      600_000,
    );
  },
);

describeWithCharts([VERSIONS.charts.raw])('the root Application, rendered as ArgoCD renders it', () => {
  test.each(LIFECYCLES)(
    '%s: the raw chart yields exactly the tier Applications and hooks, every one valid',
    (lifecycle) => {
      const { apps, hooks } = renderTiers(lifecycle, HIGHEST_MAX_TIER[lifecycle]);
      const objects = rootObjects(lifecycle);
      const names = (list: readonly Record<string, unknown>[]) =>
        list.map((o) => `${String(o.kind)} ${String((o.metadata as { name: string }).name)}`);

      expect(names(objects).sort()).toEqual(names([...Object.values(apps).flat(), ...hooks]).sort());
      const report = validateObjects([{ source: 'goldenpath-root', objects }], {
        resultCache: chartTestContext().renderCache,
      });
      expect(report.errors).toEqual([]);
      expect(report.withoutSchema).toEqual([]);
    },
  );
});

describeWithCharts([VERSIONS.charts.argoCd])('ArgoCD, as the cluster stack installs it', () => {
  beforeAll(() => {
    prevalidateObjects(LIFECYCLES.flatMap(argoCdObjects), chartTestContext().renderCache!);
  }, 600_000);

  test.each(LIFECYCLES)(
    '%s: the argo-cd chart with the project values renders, and every object is valid',
    (lifecycle) => {
      const { hostSuffix } = tierInput(lifecycle, 1).bootstrap;
      const objects = argoCdObjects(lifecycle);
      const report = validateObjects([{ source: 'argo-cd', objects }], {
        resultCache: chartTestContext().renderCache,
      });

      expect(report.errors).toEqual([]);
      expect(report.withoutSchema).toEqual([]);
      const ingress = objects.find((o) => o.kind === 'Ingress');
      expect(ingress).toMatchObject({
        metadata: {
          name: 'argocd-server',
          annotations: {
            'konghq.com/protocols': 'https',
            'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
          },
        },
        spec: { tls: [{ hosts: [`argocd.${hostSuffix}`], secretName: 'argocd-server-tls' }] },
      });
      // No admin password from values: ArgoCD generates argocd-initial-admin-secret at first start.
      const secret = objects.find((o) => o.kind === 'Secret' && o.metadata?.name === 'argocd-secret');
      expect(Object.keys((secret as { data?: object } | undefined)?.data ?? {})).not.toContain(
        'admin.password',
      );
    },
    600_000,
  );
});
