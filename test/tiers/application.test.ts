import { ApiObject, App } from 'cdk8s';
import { AppChart, appValues, webhookCaBundleDifferences } from '../../tiers/application';
import type { AppDefinition } from '../../tiers/definition';
import { type Obj, bareContext, demoApp } from './fixture';

const context = bareContext('ephemeral', 1);
const demo = (extra: Partial<Omit<AppDefinition<1>, 'tier'>> = {}) => demoApp(1, extra);

function render(app: AppDefinition): Obj {
  const objects = new AppChart(new App(), app.name, { app, context }).toJson() as Obj[];
  expect(objects).toHaveLength(1);
  return objects[0];
}

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

describe('AppChart renders any app definition as one Application', () => {
  test('identity, pinned chart, automated sync, finalizer; nothing optional when the app sets nothing', () => {
    expect(render(demo())).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'demo',
        namespace: 'argocd',
        labels: { 'goldenpath.idp/tier': '1', 'app.kubernetes.io/part-of': 'goldenpath-idp' },
        annotations: { 'argocd.argoproj.io/sync-wave': '7' },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: 'demo-ns' },
        sources: [
          {
            repoURL: 'https://kubernetes-sigs.github.io/metrics-server/',
            chart: 'metrics-server',
            targetRevision: '3.13.1',
            helm: { releaseName: 'demo', valuesObject: {} },
          },
        ],
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true'],
          retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
        },
      },
    });
  });

  test('values come from the context; sync options and ignore rules are the app’s', () => {
    const app = render(
      demo({
        values: (c) => ({ cluster: c.bootstrap.clusterName }),
        syncOptions: ['ServerSideApply=true'],
        ignoreDifferences: webhookCaBundleDifferences(['ValidatingWebhookConfiguration']),
      }),
    );
    expect(app.spec.sources[0].helm.valuesObject).toEqual({ cluster: 'goldenpath-dev-b-pr-123' });
    expect(app.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'ServerSideApply=true']);
    expect(app.spec.ignoreDifferences).toEqual([
      {
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      },
    ]);
  });

  test('a failed sync is retried with a backoff long enough for a cold cluster', () => {
    expect(render(demo()).spec.syncPolicy.retry).toEqual({
      limit: 10,
      backoff: { duration: '30s', factor: 2, maxDuration: '5m' },
    });
  });
});

describe('appValues', () => {
  const objects: AppDefinition['objects'] = (scope) => {
    new ApiObject(scope, 'a', configMap('a'));
    new ApiObject(scope, 'b', configMap('b'));
  };

  test('the raw chart takes an app’s objects as its resources', () => {
    expect(appValues(demo({ chart: 'raw', objects }), context)).toEqual({
      resources: [configMap('a'), configMap('b')],
    });
  });

  test('any other chart takes them as extraObjects, next to the app’s values', () => {
    expect(appValues(demo({ values: () => ({ replicas: 2 }), objects }), context)).toEqual({
      replicas: 2,
      extraObjects: [configMap('a'), configMap('b')],
    });
  });
});
