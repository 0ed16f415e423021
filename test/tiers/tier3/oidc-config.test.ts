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

  test('every client redirects to its app under the host suffix', () => {
    const clients = realmJson(bareContext('persistent', 3)).clients as { redirectUris: string[] }[];
    expect(clients.map((c) => c.redirectUris)).toEqual([
      ['https://argocd.dev.goldenpathidp.io/auth/callback'],
      ['https://backstage.dev.goldenpathidp.io/api/auth/oidc/handler/frame'],
      ['https://grafana.dev.goldenpathidp.io/login/generic_oauth'],
    ]);
  });
});
