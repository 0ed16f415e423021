import { parse } from 'yaml';
import { ARGOCD_OIDC_SECRET, ARGOCD_RBAC_POLICY, argoCdValues } from '../../constructs/cluster/argocd';
import { platformSecrets } from '../../lib/model/secrets';
import { CATALOGUE, PLATFORM_CATALOGUE } from '../../tiers/catalogue';
import type { TierContext } from '../../tiers/context';
import { appValues } from '../../tiers/application';
import { GRAFANA_ROLE_ATTRIBUTE_PATH } from '../../tiers/sso';
import { kubePrometheusStack } from '../../tiers/tier1-5/kube-prometheus-stack';
import { type Obj, bareContext, helmValues, renderedApplication, tierConfig } from './fixture';

const SUFFIX = 'dev.goldenpathidp.io';
const BUILD_SUFFIX = 'b-pr-123.dev.goldenpathidp.io';

/** The objects an app ships in the persistent cluster at maxTier 3 (its chart's extra objects). */
function shipped(name: string, key: string): Obj[] {
  return helmValues(renderedApplication('persistent', 3, name))[key] as Obj[];
}

/** The ExternalSecrets among `objects`, as [namespace, name, Secrets Manager name, Secret labels]. */
function externalSecrets(objects: Obj[]): unknown[][] {
  return objects
    .filter((o) => o.kind === 'ExternalSecret' && o.metadata.name.startsWith('oidc-'))
    .map((o) => [
      o.metadata.namespace,
      o.metadata.name,
      o.spec.dataFrom[0].extract.key,
      o.spec.target.template?.metadata?.labels,
    ]);
}

describe('ArgoCD signs in through the realm where tier 3 runs', () => {
  const sso = argoCdValues(SUFFIX, 'letsencrypt-prod', true) as Obj;

  test('oidc.config: the realm issuer, client argocd, the client secret as a $<secret>:<key> reference', () => {
    expect(parse(sso.configs.cm['oidc.config'] as string)).toEqual({
      name: 'Keycloak (goldenpath)',
      issuer: `https://keycloak.${SUFFIX}/realms/goldenpath`,
      clientID: 'argocd',
      clientSecret: '$oidc-argocd:client-secret',
      requestedScopes: ['openid', 'profile', 'email'],
      requestedIDTokenClaims: { groups: { essential: true } },
    });
  });

  test('RBAC from the realm groups; nobody else gets a role', () => {
    expect(sso.configs.rbac).toEqual({
      'policy.default': '',
      scopes: '[groups]',
      'policy.csv': ARGOCD_RBAC_POLICY,
    });
    expect(ARGOCD_RBAC_POLICY.split('\n')).toEqual([
      'g, platform-admins, role:admin',
      'p, role:platform-editor, applications, sync, */*, allow',
      'g, role:platform-editor, role:readonly',
      'g, platform-editors, role:platform-editor',
      'g, platform-viewers, role:readonly',
      '',
    ]);
  });

  test('the referenced Secret is the one External Secrets makes in argocd, labelled for ArgoCD', () => {
    expect(ARGOCD_OIDC_SECRET).toBe('oidc-argocd');
    expect(externalSecrets(shipped('oidc-config', 'resources'))).toContainEqual([
      'argocd',
      ARGOCD_OIDC_SECRET,
      'goldenpath/dev/oidc/argocd',
      { 'app.kubernetes.io/part-of': 'argocd' },
    ]);
  });

  test('a build keeps the local admin only: no OIDC, no RBAC, nothing about Keycloak', () => {
    const build = argoCdValues(BUILD_SUFFIX, 'letsencrypt-staging') as Obj;
    expect(build.configs.cm['oidc.config']).toBeUndefined();
    expect(build.configs.rbac).toBeUndefined();
    expect(JSON.stringify(build)).not.toMatch(/keycloak|oidc/i);
  });
});

describe('Grafana signs in through the realm where tier 3 runs', () => {
  const oauth = (values: Obj) => (values['grafana.ini'] as Obj)['auth.generic_oauth'] as Obj | undefined;
  const endpoint = `https://keycloak.${SUFFIX}/realms/goldenpath/protocol/openid-connect`;

  test('tier 2’s Grafana (it serves grafana.<hostSuffix>): generic OAuth, roles from groups, strict', () => {
    const values = helmValues(renderedApplication('persistent', 3, 'grafana-postgresql'));
    expect(oauth(values)).toEqual({
      enabled: true,
      name: 'Keycloak',
      allow_sign_up: true,
      client_id: 'grafana',
      scopes: 'openid email profile',
      auth_url: `${endpoint}/auth`,
      token_url: `${endpoint}/token`,
      api_url: `${endpoint}/userinfo`,
      use_pkce: true,
      login_attribute_path: 'preferred_username',
      email_attribute_path: 'email',
      name_attribute_path: 'name',
      groups_attribute_path: 'groups',
      role_attribute_path: GRAFANA_ROLE_ATTRIBUTE_PATH,
      role_attribute_strict: true,
    });
    expect(GRAFANA_ROLE_ATTRIBUTE_PATH).toBe(
      "contains(groups[*], 'platform-admins') && 'Admin' || contains(groups[*], 'platform-editors') && 'Editor' || contains(groups[*], 'platform-viewers') && 'Viewer'",
    );
    expect(values.envValueFrom.GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET).toEqual({
      secretKeyRef: { name: 'oidc-grafana', key: 'client-secret' },
    });
    expect(externalSecrets(shipped('grafana-postgresql', 'extraObjects'))).toEqual([
      ['grafana', 'oidc-grafana', 'goldenpath/dev/oidc/grafana', undefined],
    ]);
    // The break-glass admin keeps its form login, its password from goldenpath/<env>/grafana/admin.
    expect(values.admin).toEqual({ existingSecret: 'grafana-admin', passwordKey: 'admin-password' });
    expect(values['grafana.ini']['auth']).toBeUndefined();
  });

  test('kube-prometheus-stack’s Grafana, without the host there, keeps its local admin only', () => {
    const values = helmValues(renderedApplication('persistent', 3, 'kube-prometheus-stack')).grafana as Obj;
    expect(oauth(values)).toBeUndefined();
    expect(values.envValueFrom).toBeUndefined();
    expect(externalSecrets(shipped('kube-prometheus-stack', 'extraManifests'))).toEqual([]);
  });

  test('kube-prometheus-stack’s Grafana signs in through the realm when it serves grafana.<hostSuffix>', () => {
    const config = tierConfig();
    const context: TierContext = {
      ...bareContext('persistent', 3),
      secretNames: Object.fromEntries(platformSecrets(config, PLATFORM_CATALOGUE).map((s) => [s.id, s.name])),
      selected: CATALOGUE.filter(
        (e) => e.lifecycles.includes('persistent') && e.name !== 'grafana-postgresql',
      ),
    };
    const values = appValues(kubePrometheusStack, context) as Obj;
    const grafana = values.grafana as Obj;
    expect(oauth(grafana)).toMatchObject({ client_id: 'grafana', auth_url: `${endpoint}/auth` });
    expect(grafana.envValueFrom.GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET).toEqual({
      secretKeyRef: { name: 'oidc-grafana', key: 'client-secret' },
    });
    expect(externalSecrets(values.extraManifests as Obj[])).toEqual([
      ['monitoring', 'oidc-grafana', 'goldenpath/dev/oidc/grafana', undefined],
    ]);
  });

  test.each([
    ['ephemeral', 1.5, ['kube-prometheus-stack']],
    ['persistent', 2, ['kube-prometheus-stack', 'grafana-postgresql']],
  ] as const)('%s at maxTier %s (no tier 3): no OAuth in any Grafana', (lifecycle, maxTier, names) => {
    for (const name of names) {
      const values = helmValues(renderedApplication(lifecycle, maxTier, name));
      expect(JSON.stringify(values)).not.toMatch(/generic_oauth|keycloak|oidc/i);
    }
  });
});

describe('Backstage signs in through the realm where tier 3 runs', () => {
  test('the OIDC provider from the realm, its secret from the environment, a sign-in resolver', () => {
    const values = helmValues(renderedApplication('persistent', 3, 'backstage'));
    const backstage = values.backstage as Obj;
    expect(backstage.appConfig.auth).toEqual({
      environment: 'production',
      session: { secret: '${token}' },
      providers: {
        oidc: {
          production: {
            metadataUrl: `https://keycloak.${SUFFIX}/realms/goldenpath/.well-known/openid-configuration`,
            clientId: 'backstage',
            clientSecret: '${AUTH_OIDC_CLIENT_SECRET}',
            prompt: 'auto',
            signIn: { resolvers: [{ resolver: 'emailLocalPartMatchingUserEntityName' }] },
          },
        },
      },
    });
    expect(backstage.extraEnvVars).toEqual([
      {
        name: 'AUTH_OIDC_CLIENT_SECRET',
        valueFrom: { secretKeyRef: { name: 'oidc-backstage', key: 'client-secret' } },
      },
    ]);
    expect(externalSecrets(values.extraDeploy as Obj[])).toEqual([
      ['backstage', 'oidc-backstage', 'goldenpath/dev/oidc/backstage', undefined],
    ]);
  });

  test('persistent at maxTier 2 (no tier 3): no auth provider, no client secret, nothing about Keycloak', () => {
    const values = helmValues(renderedApplication('persistent', 2, 'backstage'));
    expect((values.backstage as Obj).appConfig.auth).toBeUndefined();
    expect(values.extraDeploy).toBeUndefined();
    expect(JSON.stringify(values)).not.toMatch(/keycloak|oidc/i);
  });
});

describe('redirect URIs: what each UI sends is what the realm allows', () => {
  test('ArgoCD, Grafana and Backstage build their callback from the host the realm client names', () => {
    const realm = helmValues(renderedApplication('persistent', 3, 'oidc-config')).resources as Obj[];
    const config = realm.find((o) => o.kind === 'ConfigMap')!;
    const clients = JSON.parse(config.data['goldenpath.json'] as string).clients as Obj[];
    const allowed = (id: string) => clients.find((c) => c.clientId === id)!.redirectUris as string[];
    // ArgoCD: `url` (https://<global.domain>) + /auth/callback.
    const argocd = argoCdValues(SUFFIX, 'letsencrypt-prod', true) as Obj;
    expect(allowed('argocd')).toEqual([`https://${argocd.global.domain}/auth/callback`]);
    // Grafana: root_url + /login/generic_oauth.
    const grafana = helmValues(renderedApplication('persistent', 3, 'grafana-postgresql'))[
      'grafana.ini'
    ] as Obj;
    expect(allowed('grafana')).toEqual([`${grafana.server.root_url}/login/generic_oauth`]);
    // Backstage: backend baseUrl + /api/auth/<provider>/handler/frame.
    const backstage = (helmValues(renderedApplication('persistent', 3, 'backstage')).backstage as Obj)
      .appConfig as Obj;
    expect(allowed('backstage')).toEqual([`${backstage.backend.baseUrl}/api/auth/oidc/handler/frame`]);
  });
});
