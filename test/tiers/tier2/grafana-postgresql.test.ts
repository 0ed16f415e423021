import { grafanaPostgresql } from '../../../tiers/tier2/grafana-postgresql';
import { BUILD_ID, expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('grafana-postgresql', () => {
  const values = () => helmValues(renderedApplication('ephemeral', 2, 'grafana-postgresql'));

  test(`rendered for build ${BUILD_ID}, maxTier 2`, () => {
    expect(renderTiers('ephemeral', 2).apps['grafana-postgresql']).toMatchSnapshot();
  });

  test('tier 2, wave 102, pinned chart, in its namespace', () => {
    expectApplicationOf(renderedApplication('ephemeral', 2, 'grafana-postgresql'), grafanaPostgresql);
  });

  test('answers at grafana.<hostSuffix> of the build', () => {
    expect(values().ingress.hosts).toEqual([`grafana.b-${BUILD_ID}.dev.goldenpathidp.io`]);
  });

  test('connects with the keys of the grafana-postgres Secret', () => {
    expect(values().envValueFrom.DB_PASSWORD).toEqual({
      secretKeyRef: { name: 'grafana-postgres', key: 'password' },
    });
    expect(grafanaPostgresql.secrets).toEqual(['grafana/postgres']);
  });
});
