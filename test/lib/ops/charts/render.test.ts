import { UserInputError } from '../../../../lib/model/errors';
import type { KubeObject } from '../../../../lib/ops/charts/kube-object';
import { parseManifests, renderChart, type ChartRenderContext } from '../../../../lib/ops/charts/render';
import { chartTestContext, describeWithCharts, tempDirPerTest } from './fixtures';

const METRICS_SERVER = {
  repo: 'https://kubernetes-sigs.github.io/metrics-server/',
  chart: 'metrics-server',
  version: '3.13.1',
};
const GRAFANA = {
  repo: 'https://grafana-community.github.io/helm-charts',
  chart: 'grafana',
  version: '12.11.1',
};
const KONG = { repo: 'https://charts.konghq.com', chart: 'kong', version: '3.4.1' };

const kinds = (objects: readonly KubeObject[]): string[] => [...new Set(objects.map((o) => o.kind))].sort();

describeWithCharts([METRICS_SERVER, KONG])('renderChart', () => {
  let context: ChartRenderContext;
  beforeAll(() => {
    context = chartTestContext();
  });

  test('renders the cached chart with the values, release name and namespace given', () => {
    const objects = renderChart(context, {
      ...METRICS_SERVER,
      releaseName: 'ms',
      namespace: 'kube-system',
      values: { replicas: 3, args: ['--kubelet-insecure-tls'] },
    });

    const deployment = objects.find((o) => o.kind === 'Deployment') as KubeObject & {
      spec: { replicas: number; template: { spec: { containers: { args: string[] }[] } } };
    };
    expect(deployment.metadata).toMatchObject({ name: 'ms-metrics-server', namespace: 'kube-system' });
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0].args).toContain('--kubelet-insecure-tls');
  });

  test('the same input renders the same objects', () => {
    const options = { ...METRICS_SERVER, releaseName: 'ms', namespace: 'kube-system' };
    // Two runs of helm: a render cache would read the first back.
    const uncached = chartTestContext({ cached: false });

    expect(renderChart(uncached, options)).toEqual(renderChart(uncached, options));
  });

  test('the chart sees the API versions given', () => {
    const options = {
      ...GRAFANA,
      releaseName: 'g',
      namespace: 'o',
      values: { verticalPodAutoscaler: { enabled: true } },
    };

    const without = renderChart(context, options);
    const withVpa = renderChart(context, {
      ...options,
      apiVersions: ['autoscaling.k8s.io/v1/VerticalPodAutoscaler'],
    });

    expect(kinds(without)).not.toContain('VerticalPodAutoscaler');
    expect(kinds(withVpa)).toContain('VerticalPodAutoscaler');
  });

  test('the chart sees the Kubernetes version given, and helm failing names the chart', () => {
    expect(() =>
      renderChart(context, { ...GRAFANA, releaseName: 'g', namespace: 'o', kubeVersion: '1.20' }),
    ).toThrow(
      'helm template grafana 12.11.1 failed (exit 1): Error: chart requires kubeVersion: ^1.25.0-0 which is incompatible with Kubernetes v1.20',
    );
  });

  test("the chart's crds/ folder is rendered unless left out", () => {
    const options = { ...KONG, releaseName: 'k', namespace: 'kong' };

    expect(kinds(renderChart(context, options))).toContain('CustomResourceDefinition');
    expect(kinds(renderChart(context, { ...options, includeCrds: false }))).not.toContain(
      'CustomResourceDefinition',
    );
  });

  test('a chart missing from the cache is a UserInputError with the command that fetches it', () => {
    const render = () =>
      renderChart(context, { ...METRICS_SERVER, version: '0.0.1', releaseName: 'ms', namespace: 'x' });

    expect(render).toThrow(UserInputError);
    expect(render).toThrow(
      `fetch it with \`${context.helm} pull metrics-server --repo https://kubernetes-sigs.github.io/metrics-server/ --version 0.0.1 --destination ${context.chartCache}\``,
    );
  });
});

describe.each([false, true])('parseManifests (documents cached: %s)', (cached) => {
  const dir = tempDirPerTest('goldenpath-documents-');
  const parse = (text: string) => parseManifests(text, 'c 1.0.0', cached ? dir() : undefined);

  test('reads scalars as Kubernetes does (YAML 1.1), drops empty documents and unpacks lists', () => {
    const text = [
      '---',
      '# Source: c/templates/empty.yaml',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      'data: {mode: 0644, enabled: on, date: 2024-01-02, ratio: 1:20}',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- {apiVersion: v1, kind: Secret, metadata: {name: b}}',
      '- {apiVersion: v1, kind: Service, metadata: {name: c}}',
    ].join('\n');

    const expected = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'a' },
        data: { mode: 420, enabled: true, date: '2024-01-02', ratio: '1:20' },
      },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'c' } },
    ];
    expect(parse(text)).toEqual(expected);
    // Read back from the cache, when there is one.
    expect(parse(text)).toEqual(expected);
  });

  test.each([
    [
      'not a Kubernetes object',
      'apiVersion: v1\nkind: A\n---\njust text\n',
      'c 1.0.0: document 1 is not a Kubernetes object (apiVersion and kind are required)',
    ],
    [
      'not a Kubernetes object, after a document marker',
      '---\napiVersion: v1\nkind: A\n---\njust text\n',
      'c 1.0.0: document 1 is not a Kubernetes object (apiVersion and kind are required)',
    ],
    [
      'not valid YAML',
      'apiVersion: v1\nkind: A\nkind: B\n',
      'c 1.0.0: document 0 is not valid YAML: Map keys must be unique',
    ],
    [
      'not valid YAML, after a document marker',
      '---\napiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\nkind: C\n',
      'c 1.0.0: document 1 is not valid YAML: Map keys must be unique at line 7, column 1',
    ],
  ])('a document that is %s is refused', (_, text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});
