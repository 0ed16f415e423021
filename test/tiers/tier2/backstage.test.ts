import { backstage } from '../../../tiers/tier2/backstage';
import { expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('backstage', () => {
  // Tier 2 runs on the persistent cluster only (a build stops at 1.5).
  const values = () => helmValues(renderedApplication('persistent', 2, 'backstage'));

  test('rendered for the persistent cluster, maxTier 2', () => {
    expect(renderTiers('persistent', 2).apps.backstage).toMatchSnapshot();
  });

  test('tier 2, wave 100, pinned chart, in its namespace', () => {
    expectApplicationOf(renderedApplication('persistent', 2, 'backstage'), backstage);
  });

  test('answers at backstage.<hostSuffix> with a certificate from the production ACME issuer', () => {
    expect(values().ingress.host).toBe('backstage.dev.goldenpathidp.io');
    expect(values().ingress.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
  });

  test('reads its database and its generated token through their Kubernetes Secrets', () => {
    expect(backstage.generatedSecrets).toEqual([{ id: 'backstage/secrets', key: 'token' }]);
    expect(values().backstage.extraEnvVarsSecrets).toEqual(['backstage-postgres', 'backstage-secrets']);
  });
});
