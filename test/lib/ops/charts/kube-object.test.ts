import { describeObject, isKubeObject, splitApiVersion } from '../../../../lib/ops/charts/kube-object';

describe('isKubeObject', () => {
  test('a mapping with a string apiVersion and a string kind is one', () => {
    expect([
      isKubeObject({ apiVersion: 'v1', kind: 'ConfigMap' }),
      isKubeObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} }),
    ]).toEqual([true, true]);
  });

  test.each([
    ['null', null],
    ['a string', 'apiVersion: v1'],
    ['a list', [{ apiVersion: 'v1', kind: 'ConfigMap' }]],
    ['no kind', { apiVersion: 'v1' }],
    ['no apiVersion', { kind: 'ConfigMap' }],
    ['a numeric apiVersion', { apiVersion: 1, kind: 'ConfigMap' }],
    ['a null kind', { apiVersion: 'v1', kind: null }],
  ])('%s is not one', (_what, value) => {
    expect(isKubeObject(value)).toBe(false);
  });
});

describe('describeObject', () => {
  test('names the apiVersion, kind, namespace and name; a cluster-scoped object has no namespace', () => {
    expect([
      describeObject({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'apps' },
      }),
      describeObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }),
      describeObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', namespace: '' } }),
    ]).toEqual(['apps/v1 Deployment apps/web', 'v1 Namespace apps', 'v1 Namespace apps']);
  });

  test('an object without a name says so', () => {
    expect([
      describeObject({ apiVersion: 'v1', kind: 'ConfigMap' }),
      describeObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'apps' } }),
    ]).toEqual(['v1 ConfigMap (no name)', 'v1 ConfigMap apps/(no name)']);
  });
});

describe('splitApiVersion', () => {
  test.each([
    ['v1', '', 'v1'],
    ['apps/v1', 'apps', 'v1'],
    ['external-secrets.io/v1beta1', 'external-secrets.io', 'v1beta1'],
    ['a/b/v2', 'a/b', 'v2'],
  ])('%s is group %j, version %j', (apiVersion, group, version) => {
    expect(splitApiVersion(apiVersion)).toEqual({ group, version });
  });
});
