import type { Lifecycle } from '../../../lib/model/tier';
import { backstage } from '../../../tiers/tier2/backstage';
import { BUILD_ID, expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('backstage', () => {
  const values = (lifecycle: Lifecycle = 'ephemeral') =>
    helmValues(renderedApplication(lifecycle, 2, 'backstage'));

  test(`rendered for build ${BUILD_ID}, maxTier 2`, () => {
    expect(renderTiers('ephemeral', 2).apps.backstage).toMatchSnapshot();
  });

  test('tier 2, wave 100, pinned chart, in its namespace', () => {
    expectApplicationOf(renderedApplication('ephemeral', 2, 'backstage'), backstage);
  });

  test('answers at backstage.<hostSuffix>; builds use the staging ACME issuer, persistent clusters prod', () => {
    expect(values().ingress.host).toBe(`backstage.b-${BUILD_ID}.dev.goldenpathidp.io`);
    expect(
      (['ephemeral', 'persistent'] as const).map(
        (l) => values(l).ingress.annotations['cert-manager.io/cluster-issuer'],
      ),
    ).toEqual(['letsencrypt-staging', 'letsencrypt-prod']);
  });

  test('reads its database and its generated token through their Kubernetes Secrets', () => {
    expect(backstage.generatedSecrets).toEqual([{ id: 'backstage/secrets', key: 'token' }]);
    expect(values().backstage.extraEnvVarsSecrets).toEqual(['backstage-postgres', 'backstage-secrets']);
  });
});
