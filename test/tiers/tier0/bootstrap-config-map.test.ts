import { bootstrapConfigMapData } from '../../../lib/model/cluster-values';
import { BOOTSTRAP_CONFIGMAP, bootstrapConfigMap } from '../../../tiers/tier0/bootstrap-config-map';
import { tierInput } from '../fixture';

describe('the bootstrap ConfigMap (tier 0)', () => {
  test('argocd/goldenpath-bootstrap carries the cluster’s bootstrap values', () => {
    const { bootstrap } = tierInput('ephemeral', 1.5);
    expect(BOOTSTRAP_CONFIGMAP).toBe('goldenpath-bootstrap');
    expect(bootstrapConfigMap(bootstrap)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'goldenpath-bootstrap', namespace: 'argocd' },
      data: bootstrapConfigMapData(bootstrap),
    });
    expect(bootstrapConfigMap(bootstrap).data).toMatchObject({
      mode: 'ephemeral',
      maxTier: '1.5',
      hostSuffix: 'b-pr-123.dev.goldenpathidp.io',
    });
  });
});
