import { parse } from 'yaml';
import { keycloak } from '../../../tiers/tier3/keycloak';
import { expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('keycloak', () => {
  const values = () => helmValues(renderedApplication('persistent', 3, 'keycloak'));

  test('rendered for persistent dev, maxTier 3', () => {
    expect(renderTiers('persistent', 3).apps.keycloak).toMatchSnapshot();
  });

  test('tier 3, wave 200, pinned chart, in its namespace, persistent clusters only', () => {
    expectApplicationOf(renderedApplication('persistent', 3, 'keycloak'), keycloak);
    expect(keycloak.lifecycles).toEqual(['persistent']);
  });

  test('answers at keycloak.<hostSuffix>', () => {
    expect(values().ingress.rules[0].host).toBe('keycloak.dev.goldenpathidp.io');
  });

  test('its admin password is the generated keycloak/admin secret, key admin-password', () => {
    expect(keycloak.generatedSecrets).toEqual([{ id: 'keycloak/admin', key: 'admin-password' }]);
    const env = parse(values().extraEnv as string) as { name: string; valueFrom?: unknown }[];
    expect(env.find((e) => e.name === 'KC_BOOTSTRAP_ADMIN_PASSWORD')).toEqual({
      name: 'KC_BOOTSTRAP_ADMIN_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'keycloak-admin', key: 'admin-password' } },
    });
  });
});
