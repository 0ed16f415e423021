import { parse } from 'yaml';
import { ARGOCD_RBAC_POLICY, argoCdValues } from '../../constructs/cluster/argocd';
import type { KubeObject } from '../../lib/ops/charts/kube-object';
import { renderChart } from '../../lib/ops/charts/render';
import { ARGOCD_NAMESPACE } from '../../lib/model/kubernetes';
import type { Lifecycle } from '../../lib/model/tier';
import { VERSIONS } from '../../lib/model/versions';
import { chartTestContext, describeWithCharts } from '../lib/ops/charts/fixtures';
import { tierInput } from './fixture';
import { describeWithCatalogueCharts, renderedApp, renderedCluster } from './rendered-charts';
import { literalSecrets } from './secret-scan';

type Obj = KubeObject & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const find = (objects: readonly KubeObject[], kind: string, name?: string) =>
  objects.find((o) => o.kind === kind && (!name || o.metadata?.name === name)) as Obj | undefined;

/** The env of the first container of the Deployment among `objects`. */
const containerEnv = (objects: readonly KubeObject[]) =>
  (find(objects, 'Deployment')!.spec.template.spec.containers[0].env ?? []) as Obj[];

describeWithCatalogueCharts('single sign-on, as the pinned charts render it', () => {
  test('persistent: Grafana (tier 2) reads generic OAuth from grafana.ini and its client secret from oidc-grafana', () => {
    const objects = renderedApp('persistent', 'grafana-postgresql');
    const ini = find(objects, 'ConfigMap', 'grafana-postgresql')!.data['grafana.ini'] as string;
    expect(ini).toContain('[auth.generic_oauth]');
    expect(ini).toContain('client_id = grafana');
    expect(ini).toContain('role_attribute_strict = true');
    expect(ini).toContain(
      'auth_url = https://keycloak.dev.goldenpathidp.io/realms/goldenpath/protocol/openid-connect/auth',
    );
    expect(ini).not.toMatch(/client_secret/);
    expect(containerEnv(objects)).toContainEqual({
      name: 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET',
      valueFrom: { secretKeyRef: { name: 'oidc-grafana', key: 'client-secret' } },
    });
    expect(find(objects, 'ExternalSecret', 'oidc-grafana')!.spec.dataFrom).toEqual([
      { extract: { key: 'goldenpath/dev/oidc/grafana' } },
    ]);
  }, 600_000);

  test('persistent: Backstage’s app config has the realm’s OIDC provider, its secret an env from oidc-backstage', () => {
    const objects = renderedApp('persistent', 'backstage');
    const config = objects
      .filter((o) => o.kind === 'ConfigMap')
      .map((o) => Object.values((o as Obj).data as Record<string, string>).join('\n'))
      .find((text) => text.includes('providers'));
    const auth = (parse(config!) as Obj).auth as Obj;
    expect(auth.providers.oidc.production).toMatchObject({
      metadataUrl: 'https://keycloak.dev.goldenpathidp.io/realms/goldenpath/.well-known/openid-configuration',
      clientId: 'backstage',
      clientSecret: '${AUTH_OIDC_CLIENT_SECRET}',
    });
    expect(containerEnv(objects)).toContainEqual({
      name: 'AUTH_OIDC_CLIENT_SECRET',
      valueFrom: { secretKeyRef: { name: 'oidc-backstage', key: 'client-secret' } },
    });
    expect(find(objects, 'ExternalSecret', 'oidc-backstage')).toBeDefined();
  }, 600_000);

  test.each(['persistent', 'ephemeral'] as const)(
    '%s: no literal secret in anything the charts render',
    (lifecycle) => {
      expect(literalSecrets(renderedCluster(lifecycle).map((s) => s.objects))).toEqual([]);
    },
    600_000,
  );

  test('ephemeral: nothing a build renders refers to Keycloak or OIDC sign-in', () => {
    // CRDs aside: their schema descriptions name every provider External Secrets supports.
    const objects = renderedCluster('ephemeral').flatMap((s) => s.objects);
    const text = JSON.stringify(objects.filter((o) => o.kind !== 'CustomResourceDefinition'));
    expect(text).not.toMatch(/keycloak|generic_oauth|oidc/i);
  }, 600_000);
});

describeWithCharts([VERSIONS.charts.argoCd])('ArgoCD’s sign-in, as the argo-cd chart renders it', () => {
  const render = (lifecycle: Lifecycle) =>
    renderChart(chartTestContext(), {
      ...VERSIONS.charts.argoCd,
      releaseName: 'argocd',
      namespace: ARGOCD_NAMESPACE,
      values: argoCdValues(
        tierInput(lifecycle, 1).bootstrap.hostSuffix,
        'letsencrypt-prod',
        lifecycle === 'persistent',
      ),
    });

  test('persistent: argocd-cm holds oidc.config with a secret reference, argocd-rbac-cm the group policy', () => {
    const objects = render('persistent');
    const cm = find(objects, 'ConfigMap', 'argocd-cm')!.data as Record<string, string>;
    expect(cm.url).toBe('https://argocd.dev.goldenpathidp.io');
    expect(parse(cm['oidc.config'])).toMatchObject({
      issuer: 'https://keycloak.dev.goldenpathidp.io/realms/goldenpath',
      clientID: 'argocd',
      clientSecret: '$oidc-argocd:client-secret',
    });
    expect(find(objects, 'ConfigMap', 'argocd-rbac-cm')!.data).toMatchObject({
      'policy.default': '',
      scopes: '[groups]',
      'policy.csv': ARGOCD_RBAC_POLICY,
    });
    expect(literalSecrets(objects)).toEqual([]);
  }, 600_000);

  test('ephemeral: local admin only, no OIDC, nothing about Keycloak', () => {
    const objects = render('ephemeral');
    expect(find(objects, 'ConfigMap', 'argocd-cm')!.data['oidc.config']).toBeUndefined();
    expect(JSON.stringify(objects)).not.toMatch(/keycloak/i);
  }, 600_000);
});
