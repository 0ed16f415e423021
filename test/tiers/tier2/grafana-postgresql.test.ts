import { grafanaPostgresql } from '../../../tiers/tier2/grafana-postgresql';
import { expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('grafana-postgresql', () => {
  // Tier 2 runs on the persistent cluster only (a build stops at 1.5).
  const values = () => helmValues(renderedApplication('persistent', 2, 'grafana-postgresql'));

  test('rendered for the persistent cluster, maxTier 2', () => {
    expect(renderTiers('persistent', 2).apps['grafana-postgresql']).toMatchSnapshot();
  });

  test('tier 2, wave 102, pinned chart, in its namespace', () => {
    expectApplicationOf(renderedApplication('persistent', 2, 'grafana-postgresql'), grafanaPostgresql);
  });

  test('answers at grafana.<hostSuffix>', () => {
    expect(values().ingress.hosts).toEqual(['grafana.dev.goldenpathidp.io']);
  });

  test('connects with the keys of the grafana-postgres Secret', () => {
    expect(values().envValueFrom.DB_PASSWORD).toEqual({
      secretKeyRef: { name: 'grafana-postgres', key: 'password' },
    });
    expect(grafanaPostgresql.secrets).toEqual(['grafana/admin', 'grafana/postgres']);
  });

  test('takes the break-glass admin password from the Foundation-generated grafana/admin', () => {
    expect(grafanaPostgresql.generatedSecrets).toEqual([{ id: 'grafana/admin', key: 'admin-password' }]);
    expect(values().admin).toEqual({ existingSecret: 'grafana-admin', passwordKey: 'admin-password' });
  });
});
