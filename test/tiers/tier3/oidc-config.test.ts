import { oidcConfig, realmJson } from '../../../tiers/tier3/oidc-config';
import {
  type Obj,
  bareContext,
  expectApplicationOf,
  helmValues,
  renderTiers,
  renderedApplication,
} from '../fixture';

describe('oidc-config', () => {
  const resources = () => helmValues(renderedApplication('persistent', 3, 'oidc-config')).resources as Obj[];

  test('rendered for persistent dev, maxTier 3', () => {
    expect(renderTiers('persistent', 3).apps['oidc-config']).toMatchSnapshot();
  });

  test('tier 3, wave 201, raw chart, in keycloak’s namespace', () => {
    expectApplicationOf(renderedApplication('persistent', 3, 'oidc-config'), oidcConfig);
  });

  test('keycloak-config-cli applies the realm as a Sync hook, signing in with the generated admin password', () => {
    const job = resources().find((o) => o.kind === 'Job')!;
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('Sync');
    expect(job.spec.template.spec.containers[0].env).toContainEqual({
      name: 'KEYCLOAK_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'keycloak-admin', key: 'admin-password' } },
    });
  });

  test.each([
    ['persistent dev', 'dev.goldenpathidp.io'],
    ['another host suffix', 'staging.example.org'],
  ])(
    '%s: each UI client has exactly one redirect URI, its own, derived from the host suffix',
    (_n, suffix) => {
      const context = {
        ...bareContext('persistent', 3),
        bootstrap: { ...bareContext('persistent', 3).bootstrap, hostSuffix: suffix },
      };
      const clients = realmJson(context).clients as Obj[];
      expect(clients.map((c) => [c.clientId, c.redirectUris, c.webOrigins])).toEqual([
        ['argocd', [`https://argocd.${suffix}/auth/callback`], [`https://argocd.${suffix}`]],
        [
          'backstage',
          [`https://backstage.${suffix}/api/auth/oidc/handler/frame`],
          [`https://backstage.${suffix}`],
        ],
        ['grafana', [`https://grafana.${suffix}/login/generic_oauth`], [`https://grafana.${suffix}`]],
        ['goldenpath-acceptance', [], []],
      ]);
      // No wildcard anywhere a URI is matched, and no redirect outside the host suffix.
      for (const uri of clients.flatMap((c) => [
        ...(c.redirectUris as string[]),
        ...(c.webOrigins as string[]),
      ])) {
        expect(uri).not.toMatch(/[*+]/);
        expect(new URL(uri).hostname.endsWith(`.${suffix}`)).toBe(true);
      }
    },
  );

  test('UI clients use the browser flow only; the acceptance client the password grant only', () => {
    const clients = realmJson(bareContext('persistent', 3)).clients as Obj[];
    expect(
      clients.map((c) => [
        c.clientId,
        c.publicClient,
        c.standardFlowEnabled,
        c.directAccessGrantsEnabled,
        c.implicitFlowEnabled,
      ]),
    ).toEqual([
      ['argocd', false, true, false, false],
      ['backstage', false, true, false, false],
      ['grafana', false, true, false, false],
      ['goldenpath-acceptance', false, false, true, false],
    ]);
    // Its ID tokens name ArgoCD as an audience, so ArgoCD's API accepts them (acceptance).
    expect(clients[3].protocolMappers[1]).toEqual({
      name: 'argocd-audience',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-audience-mapper',
      config: {
        'included.client.audience': 'argocd',
        'id.token.claim': 'true',
        'access.token.claim': 'false',
      },
    });
    for (const c of clients) expect(c.protocolMappers[0].config['claim.name']).toBe('groups');
  });

  test('groups, and the acceptance user (a viewer) with its password from the environment', () => {
    const realm = realmJson(bareContext('persistent', 3));
    expect(realm.groups).toEqual([
      { name: 'platform-admins' },
      { name: 'platform-editors' },
      { name: 'platform-viewers' },
    ]);
    expect(realm.users).toEqual([
      expect.objectContaining({
        username: 'goldenpath-acceptance',
        enabled: true,
        requiredActions: [],
        credentials: [{ type: 'password', value: '$(env:OIDC_ACCEPTANCE_USER_PASSWORD)', temporary: false }],
        groups: ['/platform-viewers'],
      }),
    ]);
  });

  test('every secret of the realm is an environment reference the Job fills from External Secrets', () => {
    const clients = realmJson(bareContext('persistent', 3)).clients as Obj[];
    expect(clients.map((c) => c.secret)).toEqual([
      '$(env:OIDC_ARGOCD_SECRET)',
      '$(env:OIDC_BACKSTAGE_SECRET)',
      '$(env:OIDC_GRAFANA_SECRET)',
      '$(env:OIDC_GOLDENPATH_ACCEPTANCE_SECRET)',
    ]);
    const job = resources().find((o) => o.kind === 'Job')!;
    const container = job.spec.template.spec.containers[0] as { env: Obj[] };
    const fromSecret = (name: string) =>
      container.env.find((e) => e.name === name)?.valueFrom.secretKeyRef as unknown;
    expect(container.env).toContainEqual({ name: 'IMPORT_VARSUBSTITUTION_ENABLED', value: 'true' });
    expect(
      [
        'OIDC_ARGOCD_SECRET',
        'OIDC_BACKSTAGE_SECRET',
        'OIDC_GRAFANA_SECRET',
        'OIDC_GOLDENPATH_ACCEPTANCE_SECRET',
        'OIDC_ACCEPTANCE_USER_PASSWORD',
      ].map(fromSecret),
    ).toEqual([
      { name: 'oidc-argocd', key: 'client-secret' },
      { name: 'oidc-backstage', key: 'client-secret' },
      { name: 'oidc-grafana', key: 'client-secret' },
      { name: 'oidc-goldenpath-acceptance', key: 'client-secret' },
      { name: 'oidc-acceptance-user', key: 'password' },
    ]);
  });
});
