import { applicationCharts, renderApplication } from '../../../../lib/ops/charts/application';
import type { KubeObject } from '../../../../lib/ops/charts/kube-object';
import { renderChart } from '../../../../lib/ops/charts/render';
import { validateObjects } from '../../../../lib/ops/charts/validate';
import { chartTestContext, describeWithCharts } from './fixtures';

const METRICS_SERVER = {
  repoURL: 'https://kubernetes-sigs.github.io/metrics-server/',
  chart: 'metrics-server',
  targetRevision: '3.13.1',
};
const RAW = { repoURL: 'https://bedag.github.io/helm-charts/', chart: 'raw', targetRevision: '2.0.2' };

function application(spec: Record<string, unknown>, name = 'metrics-server'): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: {
      project: 'default',
      destination: { server: 'https://kubernetes.default.svc', namespace: 'kube-system' },
      ...spec,
    },
  };
}

describe('applicationCharts', () => {
  test('maps each Helm source as ArgoCD does: release name, namespace and values defaulted from the Application', () => {
    const app = application({
      sources: [
        { ...METRICS_SERVER, helm: { releaseName: 'ms', valuesObject: { replicas: 2 } } },
        { ...RAW, helm: { values: 'resources: []\n', namespace: 'checks', skipCrds: true, skipTests: true } },
      ],
    });

    expect(
      applicationCharts(app, { kubeVersion: '1.35', apiVersions: ['monitoring.coreos.com/v1'] }),
    ).toEqual([
      {
        repo: METRICS_SERVER.repoURL,
        chart: 'metrics-server',
        version: '3.13.1',
        releaseName: 'ms',
        namespace: 'kube-system',
        values: { replicas: 2 },
        kubeVersion: '1.35',
        apiVersions: ['monitoring.coreos.com/v1'],
        includeCrds: true,
        skipTests: false,
      },
      {
        repo: RAW.repoURL,
        chart: 'raw',
        version: '2.0.2',
        releaseName: 'metrics-server',
        namespace: 'checks',
        values: { resources: [] },
        kubeVersion: '1.35',
        apiVersions: ['monitoring.coreos.com/v1'],
        includeCrds: false,
        skipTests: true,
      },
    ]);
  });

  test("a source's own kubeVersion and apiVersions win, and valuesObject wins over values", () => {
    const app = application({
      source: {
        ...METRICS_SERVER,
        helm: { kubeVersion: '1.34', apiVersions: ['x.io/v1'], valuesObject: { a: 1 }, values: 'b: 2' },
      },
    });

    expect(applicationCharts(app, { kubeVersion: '1.35', apiVersions: [] })).toEqual([
      expect.objectContaining({ kubeVersion: '1.34', apiVersions: ['x.io/v1'], values: { a: 1 } }),
    ]);
  });

  test('every source it cannot render is named, in one error', () => {
    const app = application(
      {
        destination: { server: 'https://kubernetes.default.svc' },
        sources: [
          { repoURL: 'https://github.com/example/repo', path: 'manifests', targetRevision: 'main' },
          { ...METRICS_SERVER, helm: { valueFiles: ['values.yaml'], parameters: [] } },
          { ...RAW, helm: { namespace: 'checks', valuesObject: ['a'] } },
        ],
      },
      'broken',
    );

    expect(() => applicationCharts(app)).toThrow(
      [
        'Cannot render Application broken:',
        '  - spec.sources[0].chart: (missing); a Helm chart source needs repoURL, chart and an exact targetRevision',
        '  - spec.sources[0]: no namespace; set spec.destination.namespace or helm.namespace',
        '  - spec.sources[1].helm: valueFiles, parameters not supported; allowed: releaseName, valuesObject, values, namespace, kubeVersion, apiVersions, skipCrds, skipTests, passCredentials',
        '  - spec.sources[1]: no namespace; set spec.destination.namespace or helm.namespace',
        '  - spec.sources[2].helm.valuesObject: ["a"]; allowed: a mapping',
      ].join('\n'),
    );
  });

  test('an object that is not an Application with a source is refused', () => {
    expect(() => applicationCharts({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toThrow(
      [
        'Cannot render Application c:',
        '  - kind "v1 ConfigMap": allowed: argoproj.io/v1alpha1 Application',
        '  - spec.source / spec.sources: no source; allowed: one or more Helm chart sources',
      ].join('\n'),
    );
  });
});

describeWithCharts([{ chart: 'metrics-server', version: METRICS_SERVER.targetRevision }])(
  'renderApplication',
  () => {
    test('renders what the Application deploys: the same objects as its chart rendered directly', () => {
      const context = chartTestContext();
      const app = application({ source: { ...METRICS_SERVER, helm: { valuesObject: { replicas: 2 } } } });

      const objects = renderApplication(context, app);

      expect(objects).toEqual(
        renderChart(context, {
          repo: METRICS_SERVER.repoURL,
          chart: 'metrics-server',
          version: '3.13.1',
          releaseName: 'metrics-server',
          namespace: 'kube-system',
          values: { replicas: 2 },
        }),
      );
      expect(objects.find((o) => o.kind === 'Deployment')).toMatchObject({
        metadata: { name: 'metrics-server', namespace: 'kube-system' },
        spec: { replicas: 2 },
      });
    });

    test('a value the chart copies into an object unchecked is caught by validation', () => {
      const app = application({
        source: {
          ...METRICS_SERVER,
          helm: { valuesObject: { podSecurityContext: { runAsNonRoot: true, runAsUsr: 1000 } } },
        },
      });

      const report = validateObjects([
        { source: 'metrics-server', objects: renderApplication(chartTestContext(), app) },
      ]);

      expect(report.errors).toEqual([
        'metrics-server: apps/v1 Deployment kube-system/metrics-server: /spec/template/spec/securityContext/runAsUsr: unknown field',
      ]);
    });
  },
);
