import type { KubeObject } from '../../../../lib/ops/charts/kube-object';
import { validateObjects } from '../../../../lib/ops/charts/validate';

function deployment(container: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps', labels: { app: 'web' } },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.29', ...container }] },
      },
      ...spec,
    },
  };
}

/** A CRD for `example.io` Widgets: v1 served, v1alpha1 defined but no longer served. */
const WIDGET_CRD: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.io' },
  spec: {
    group: 'example.io',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: 'A widget.',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: {
                    'x-kubernetes-int-or-string': true,
                    anyOf: [{ type: 'integer' }, { type: 'string' }],
                  },
                  mode: { type: 'string', pattern: '^(?i)(fast|slow)$' },
                  tier: { type: 'string', enum: ['gold', 'silver'] },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  note: { type: 'string', nullable: true },
                },
              },
            },
          },
        },
      },
      { name: 'v1alpha1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
    ],
  },
};

function widget(
  spec: Record<string, unknown>,
  apiVersion = 'example.io/v1',
  metadata: Record<string, unknown> = {},
): KubeObject {
  return { apiVersion, kind: 'Widget', metadata: { name: 'w', namespace: 'apps', ...metadata }, spec };
}

describe('validateObjects', () => {
  test('built-in kinds: wrong types and unknown fields are refused at any depth', () => {
    const bad = {
      ...deployment({ imagePullPolicy: 'Sometimes', restart: 'always' }, { replicas: 'two', paused: false }),
      extra: 1,
    };

    const report = validateObjects([{ source: 'web 1.0.0', objects: [deployment({}), bad] }]);

    expect(report).toEqual({
      errors: [
        'web 1.0.0: apps/v1 Deployment apps/web: /spec/replicas must be integer',
        'web 1.0.0: apps/v1 Deployment apps/web: /spec/template/spec/containers/0/imagePullPolicy must be equal to one of the allowed values',
        'web 1.0.0: apps/v1 Deployment apps/web: /extra: unknown field',
        'web 1.0.0: apps/v1 Deployment apps/web: /spec/template/spec/containers/0/restart: unknown field',
      ],
      withoutSchema: [],
      validated: { kubernetes: 2, argoCd: 0, crd: 0 },
    });
  });

  test('an empty string where a built-in kind has an enum is the zero value the API server defaults', () => {
    expect(validateObjects([{ source: 's', objects: [deployment({ imagePullPolicy: '' })] }]).errors).toEqual(
      [],
    );
  });

  test('custom resources are checked against the CRD another set ships, unknown fields refused', () => {
    const report = validateObjects([
      { source: 'widget-operator 1.0.0', objects: [WIDGET_CRD] },
      {
        source: 'widgets 2.0.0',
        objects: [
          widget({ size: 3, mode: 'FAST', labels: { a: 'b' }, extra: { anything: { goes: 1 } }, note: null }),
          widget({ size: '10Gi' }),
          widget(
            { size: true, mode: 'turbo', tier: 'bronze', colour: 'red', labels: { a: 1 } },
            'example.io/v1',
            {
              label: 'x',
            },
          ),
          widget({ mode: 'fast' }),
        ],
      },
    ]);

    expect(report).toEqual({
      errors: [
        'widgets 2.0.0: example.io/v1 Widget apps/w: /metadata/label: unknown field',
        'widgets 2.0.0: example.io/v1 Widget apps/w: /spec/colour: unknown field',
        'widgets 2.0.0: example.io/v1 Widget apps/w: /spec/size must be integer',
        'widgets 2.0.0: example.io/v1 Widget apps/w: /spec/size must be string',
        'widgets 2.0.0: example.io/v1 Widget apps/w: /spec/size must match a schema in anyOf',
        'widgets 2.0.0: example.io/v1 Widget apps/w: /spec/mode must match pattern "^(?i)(fast|slow)$"',
        'widgets 2.0.0: example.io/v1 Widget apps/w: /spec/tier must be equal to one of the allowed values',
        'widgets 2.0.0: example.io/v1 Widget apps/w: /spec/labels/a must be string',
        "widgets 2.0.0: example.io/v1 Widget apps/w: /spec must have required property 'size'",
      ],
      withoutSchema: [],
      validated: { kubernetes: 1, argoCd: 0, crd: 4 },
    });
  });

  test('a version the CRD does not serve is an error; a kind no schema knows is reported', () => {
    const report = validateObjects(
      [
        {
          source: 's',
          objects: [
            widget({ size: 1 }, 'example.io/v1alpha1'),
            widget({ size: 1 }, 'example.io/v2'),
            { apiVersion: 'other.io/v1', kind: 'Gadget', metadata: { name: 'g' } },
          ],
        },
      ],
      { crds: [WIDGET_CRD] },
    );

    expect(report).toEqual({
      errors: [
        's: example.io/v1alpha1 Widget apps/w: CRD widgets.example.io does not serve v1alpha1 (serves: v1)',
        's: example.io/v2 Widget apps/w: CRD widgets.example.io does not serve v2 (serves: v1)',
      ],
      withoutSchema: ['s: other.io/v1 Gadget g'],
      validated: { kubernetes: 0, argoCd: 0, crd: 0 },
    });
  });

  test('two sets shipping one CRD with different specs is an error', () => {
    const changed = { ...WIDGET_CRD, spec: { ...(WIDGET_CRD.spec as object), scope: 'Cluster' } };

    const report = validateObjects([
      { source: 'a 1.0.0', objects: [WIDGET_CRD] },
      { source: 'b 1.0.0', objects: [WIDGET_CRD, changed] },
    ]);

    expect(report.errors).toEqual([
      'b 1.0.0: CRD widgets.example.io differs from the one a 1.0.0 ships; one cluster can hold only one',
    ]);
  });

  test('ArgoCD Applications: the argo-cd model when no CRD is rendered', () => {
    const app: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'a', namespace: 'argocd' },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: 'n' },
        source: {
          repoURL: 'https://charts.example.com',
          chart: 'c',
          targetRevision: '1.0.0',
          helm: { valuesObject: { free: { form: 1 } }, valueFile: 'x' },
        },
      },
    };

    expect(validateObjects([{ source: 'root', objects: [app] }])).toEqual({
      errors: ['root: argoproj.io/v1alpha1 Application argocd/a: /spec/source/helm/valueFile: unknown field'],
      withoutSchema: [],
      validated: { kubernetes: 0, argoCd: 1, crd: 0 },
    });
  });
});
