import { Testing } from 'cdk8s';
import { VERSIONS } from '../../lib/model/versions';
import { RootChart } from '../../tiers/root';
import type { Obj } from './fixture';

describe('RootChart', () => {
  const resources = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
  ];
  const render = () => {
    const chart = new RootChart(Testing.app(), 'root', { resources });
    return { chart, objects: Testing.synth(chart) as Obj[] };
  };

  test('rendered', () => {
    expect(render().objects).toMatchSnapshot();
  });

  test('one Application in argocd, its manifest as rendered, the resources as values in the order given', () => {
    const { chart, objects } = render();
    expect(objects).toEqual([chart.manifest]);
    const [root] = objects;
    expect(root.spec.source).toEqual({
      repoURL: VERSIONS.charts.raw.repo,
      chart: 'raw',
      targetRevision: VERSIONS.charts.raw.version,
      helm: { releaseName: 'goldenpath-root', valuesObject: { resources } },
    });
    expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
  });

  test('on the raw chart, pruning what leaves: its finalizer deletes what it deployed', () => {
    const [root] = render().objects;
    expect(root.metadata).toEqual({
      name: 'goldenpath-root',
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/part-of': 'goldenpath-idp' },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    });
    expect(root.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
    });
  });

  test('the resources are copied: a later change to the list given does not reach the manifest', () => {
    const given: Record<string, unknown>[] = [{ kind: 'ConfigMap' }];
    const chart = new RootChart(Testing.app(), 'root', { resources: given });
    given.push({ kind: 'Secret' });
    expect(chart.manifest.spec.source?.helm?.valuesObject).toEqual({ resources: [{ kind: 'ConfigMap' }] });
  });
});
