import { CATALOGUE } from '../../../lib/model/catalogue';
import { TIERS, TIER_CAPABILITIES } from '../../../lib/model/tier';
import { VERSIONS } from '../../../lib/model/versions';

describe('tier catalogue', () => {
  test('apps, tiers and sync waves are those of DESIGN §3', () => {
    expect(CATALOGUE.map((e) => [e.name, e.tier, e.wave])).toEqual([
      ['external-secrets', 1, 10],
      ['cluster-secret-store', 1, 11],
      ['external-dns', 1, 20],
      ['aws-load-balancer-controller', 1, 22],
      ['cert-manager', 1, 24],
      ['cluster-issuers', 1, 25],
      ['kong', 1, 30],
      ['cluster-autoscaler', 1, 40],
      ['metrics-server', 1, 41],
      ['kube-prometheus-stack', 1.5, 50],
      ['backstage', 2, 100],
      ['loki', 2, 101],
      ['grafana-postgresql', 2, 102],
      ['keycloak', 3, 200],
      ['oidc-config', 3, 201],
    ]);
  });

  test('names and waves are unique, and tiers never go down as waves go up', () => {
    expect(new Set(CATALOGUE.map((e) => e.name)).size).toBe(CATALOGUE.length);
    expect(new Set(CATALOGUE.map((e) => e.wave)).size).toBe(CATALOGUE.length);
    const tiers = CATALOGUE.map((e) => e.tier);
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
  });

  test.each(TIERS.filter((t) => CATALOGUE.some((e) => e.tier === t)))(
    'the needs of the tier %s apps add up to TIER_CAPABILITIES',
    (tier) => {
      const needs = new Set(CATALOGUE.filter((e) => e.tier === tier).flatMap((e) => e.needs));
      expect([...needs].sort()).toEqual([...TIER_CAPABILITIES[`${tier}`]].sort());
    },
  );

  test('tier 3 runs on persistent clusters only, everything else on both', () => {
    expect(CATALOGUE.filter((e) => e.lifecycles.length === 1).map((e) => [e.name, e.lifecycles])).toEqual([
      ['keycloak', ['persistent']],
      ['oidc-config', ['persistent']],
    ]);
  });

  test('every chart is in the versions manifest', () => {
    for (const entry of CATALOGUE) expect(VERSIONS.charts[entry.chart].version).toMatch(/^v?\d+\.\d+\.\d+$/);
  });
});
