import { parse } from 'yaml';
import { manifestFiles } from '../../../lib/model/manifest-files';
import { renderTiers } from '../../tiers/fixture';

describe('rendered manifest files', () => {
  test('one YAML per selected app, the guard and the gating result, under the stack folder', () => {
    const files = manifestFiles('goldenpath-dev-b-pr-123', renderTiers('ephemeral', 1.5));
    expect(Object.keys(files)).toEqual([
      ...[
        'external-secrets',
        'cluster-secret-store',
        'external-dns',
        'aws-load-balancer-controller',
        'cert-manager',
        'cluster-issuers',
        'kong',
        'cluster-autoscaler',
        'metrics-server',
        'kube-prometheus-stack',
      ].map((n) => `manifests/goldenpath-dev-b-pr-123/${n}.yaml`),
      'manifests/goldenpath-dev-b-pr-123/hooks.yaml',
      'manifests/goldenpath-dev-b-pr-123/guard.yaml',
      'manifests/goldenpath-dev-b-pr-123/gating.json',
    ]);
    const gating = JSON.parse(files['manifests/goldenpath-dev-b-pr-123/gating.json']) as {
      excluded: { name: string }[];
    };
    expect(gating.excluded.map((e) => e.name)).toEqual([
      'backstage',
      'loki',
      'grafana-postgresql',
      'keycloak',
      'oidc-config',
    ]);
    expect((parse(files['manifests/goldenpath-dev-b-pr-123/kong.yaml']) as { kind: string }).kind).toBe(
      'Application',
    );
  });

  test('tokens go through the resolver, and the output is the same on every call', () => {
    const resolve = (v: unknown) => JSON.parse(JSON.stringify(v).replace(/eu-west-2/g, 'REGION')) as unknown;
    const a = manifestFiles('s', renderTiers('ephemeral', 1), resolve);
    expect(a['manifests/s/external-dns.yaml']).toContain('value: REGION');
    expect(manifestFiles('s', renderTiers('ephemeral', 1), resolve)).toEqual(a);
  });
});
