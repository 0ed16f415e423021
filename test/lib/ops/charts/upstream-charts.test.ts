import type { ChartRef } from '../../../../lib/ops/charts/chart-cache';
import { renderChart } from '../../../../lib/ops/charts/render';
import { validateObjects, type ObjectSet } from '../../../../lib/ops/charts/validate';
import { chartTestContext, describeWithCharts } from './fixtures';

const LOKI_TEST_VALUES = {
  loki: {
    useTestSchema: true,
    storage: { bucketNames: { chunks: 'chunks', ruler: 'ruler', admin: 'admin' } },
  },
};

/**
 * The current upstream charts (shared/charts/INDEX.md: chart, version, the repository users pull
 * from) with the least values each needs to render. `raw` renders nothing by default, so it gets
 * one ConfigMap, as INDEX.md's own check does.
 */
const UPSTREAM: readonly (ChartRef & { readonly values?: Record<string, unknown> })[] = [
  { repo: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '10.1.1' },
  { repo: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' },
  {
    repo: 'https://bedag.github.io/helm-charts/',
    chart: 'raw',
    version: '2.0.2',
    values: {
      resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } }],
    },
  },
  { repo: 'https://kubernetes-sigs.github.io/external-dns/', chart: 'external-dns', version: '1.21.1' },
  {
    repo: 'https://aws.github.io/eks-charts',
    chart: 'aws-load-balancer-controller',
    version: '3.5.0',
    values: { clusterName: 'test' },
  },
  { repo: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' },
  { repo: 'https://charts.konghq.com', chart: 'kong', version: '3.4.1' },
  { repo: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.59.0' },
  { repo: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.1' },
  {
    repo: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    version: '88.5.3',
  },
  { repo: 'https://backstage.github.io/charts', chart: 'backstage', version: '2.8.2' },
  {
    repo: 'https://grafana.github.io/helm-charts',
    chart: 'loki',
    version: '7.3.0',
    values: LOKI_TEST_VALUES,
  },
  { repo: 'https://grafana-community.github.io/helm-charts', chart: 'grafana', version: '12.11.1' },
  { repo: 'https://codecentric.github.io/helm-charts', chart: 'keycloakx', version: '7.1.11' },
  {
    repo: 'https://grafana-community.github.io/helm-charts',
    chart: 'loki',
    version: '18.11.0',
    values: LOKI_TEST_VALUES,
  },
];

describeWithCharts(UPSTREAM)('the current upstream charts, rendered offline and validated', () => {
  let sets: ObjectSet[];
  beforeAll(() => {
    const context = chartTestContext();
    sets = UPSTREAM.map((chart) => ({
      source: `${chart.chart} ${chart.version}`,
      objects: renderChart(context, { ...chart, releaseName: 't', namespace: 'test', values: chart.values }),
    }));
  }, 600_000);

  test('every chart renders (objects per chart, CRDs included)', () => {
    expect(Object.fromEntries(sets.map((s) => [s.source, s.objects.length]))).toEqual({
      'argo-cd 10.1.1': 59,
      'external-secrets 2.9.0': 44,
      'raw 2.0.2': 1,
      'external-dns 1.21.1': 6,
      'aws-load-balancer-controller 3.5.0': 19,
      'cert-manager v1.21.1': 44,
      'kong 3.4.1': 25,
      'cluster-autoscaler 9.59.0': 7,
      'metrics-server 3.13.1': 9,
      'kube-prometheus-stack 88.5.3': 132,
      'backstage 2.8.2': 2,
      'loki 7.3.0': 30,
      'grafana 12.11.1': 7,
      'keycloakx 7.1.11': 4,
      'loki 18.11.0': 22,
    });
  });

  test('every object is valid against its schema, with no unknown field and no kind left unchecked', () => {
    const report = validateObjects(sets, { resultCache: chartTestContext().renderCache });

    expect(report.errors).toEqual([]);
    expect(report.withoutSchema).toEqual([]);
    expect(report.validated).toEqual({ kubernetes: 360, argoCd: 0, crd: 51 });
  }, 600_000);
});
