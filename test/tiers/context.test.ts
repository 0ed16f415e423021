import {
  CLUSTER_ISSUERS,
  clusterIssuer,
  grafanaAdminValues,
  host,
  ingressAnnotations,
  isSelected,
  kubernetesSecretName,
  platformImage,
} from '../../tiers/context';
import { VERSIONS } from '../../lib/model/versions';
import { bareContext, demoApp } from './fixture';

describe('tier context helpers', () => {
  test('a hostname is the service under the cluster’s host suffix', () => {
    expect(host(bareContext('ephemeral', 1.5), 'grafana')).toBe('grafana.b-pr-123.dev.goldenpathidp.io');
    expect(host(bareContext('persistent', 3), 'grafana')).toBe('grafana.dev.goldenpathidp.io');
  });

  test('a Foundation secret id becomes a Kubernetes Secret name: every slash a dash', () => {
    expect(kubernetesSecretName('backstage/postgres')).toBe('backstage-postgres');
    expect(kubernetesSecretName('oidc/goldenpath/acceptance')).toBe('oidc-goldenpath-acceptance');
    expect(kubernetesSecretName('grafana')).toBe('grafana');
  });

  test('builds use the staging issuer (rate limits), persistent clusters prod; both are made by cluster-issuers', () => {
    expect(clusterIssuer(bareContext('ephemeral', 1))).toBe('letsencrypt-staging');
    expect(clusterIssuer(bareContext('persistent', 1))).toBe('letsencrypt-prod');
    expect(CLUSTER_ISSUERS).toEqual(['selfsigned', 'letsencrypt-staging', 'letsencrypt-prod']);
    expect(ingressAnnotations(bareContext('ephemeral', 1))).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-staging',
    });
  });

  test('an app is selected only when the gating selected it, by name', () => {
    const none = bareContext('persistent', 2);
    const some = { ...none, selected: [demoApp(2)] };
    expect(isSelected(none, 'demo')).toBe(false);
    expect(isSelected(some, 'demo')).toBe(true);
    expect(isSelected(some, 'dem')).toBe(false);
  });

  test("the project's image comes from the environment's ECR repository, at the pinned tag", () => {
    const name = Object.keys(VERSIONS.platformImages)[0] as keyof typeof VERSIONS.platformImages;
    expect(platformImage(bareContext('persistent', 2), name)).toEqual({
      registry: '111111111111.dkr.ecr.eu-west-2.amazonaws.com',
      repository: `goldenpath/dev/${name}`,
      tag: VERSIONS.platformImages[name],
    });
  });

  test("Grafana's admin password comes from the generated Secret by default, or from the Secret given", () => {
    expect(grafanaAdminValues()).toEqual({
      admin: { existingSecret: 'grafana-admin', passwordKey: 'password' },
      env: { GF_SECURITY_ADMIN_USER: 'admin' },
    });
    expect(grafanaAdminValues({ name: 'grafana-sso', key: 'admin-password' }).admin).toEqual({
      existingSecret: 'grafana-sso',
      passwordKey: 'admin-password',
    });
  });
});
