import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WORKLOAD_SERVICE_ACCOUNTS } from '../../constructs/cluster/workload-identities';
import type { WorkloadIdentity } from '../../lib/model/catalogue';
import { TIERS, type Tier } from '../../lib/model/tier';
import { VERSIONS } from '../../lib/model/versions';
import {
  CATALOGUE,
  PLATFORM_CATALOGUE,
  TIER_CATALOGUE,
  appsOf,
  tierCapabilitiesOf,
  workloadIdentitiesOf,
} from '../../tiers/catalogue';
import type { AppDefinition, TierCatalogue } from '../../tiers/definition';
import { backstage } from '../../tiers/tier2/backstage';

const TIERS_DIR = join(__dirname, '..', '..', 'tiers');
/** `tier1-5` -> 1.5 */
const folderTier = (folder: string) => Number(folder.slice('tier'.length).replace('-', '.')) as Tier;
const isApp = (x: unknown): x is AppDefinition =>
  typeof x === 'object' && x !== null && 'wave' in x && 'chart' in x && 'name' in x;

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

  test('names and waves are unique, and waves go up with the list and its tiers', () => {
    expect(new Set(CATALOGUE.map((e) => e.name)).size).toBe(CATALOGUE.length);
    const waves = CATALOGUE.map((e) => e.wave);
    expect(waves).toEqual([...new Set(waves)].sort((a, b) => a - b));
    const tiers = CATALOGUE.map((e) => e.tier);
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
  });

  test('tiers 2 and 3 run on persistent clusters only (a build stops at 1.5), everything else on both', () => {
    expect(CATALOGUE.filter((e) => e.lifecycles.length === 1).map((e) => [e.name, e.lifecycles])).toEqual([
      ['backstage', ['persistent']],
      ['loki', ['persistent']],
      ['grafana-postgresql', ['persistent']],
      ['keycloak', ['persistent']],
      ['oidc-config', ['persistent']],
    ]);
  });

  test('every chart is in the versions manifest', () => {
    for (const entry of CATALOGUE) expect(VERSIONS.charts[entry.chart].version).toMatch(/^v?\d+\.\d+\.\d+$/);
  });

  test.each(readdirSync(TIERS_DIR).filter((f) => /^tier[\d-]+$/.test(f)))(
    'every app defined in tiers/%s/ is in the catalogue, at that folder’s tier',
    async (folder) => {
      const files = readdirSync(join(TIERS_DIR, folder)).filter((f) => f.endsWith('.ts'));
      const defined: AppDefinition[] = [];
      for (const file of files) {
        const module = (await import(join(TIERS_DIR, folder, file))) as Record<string, unknown>;
        defined.push(...Object.values(module).filter(isApp));
      }
      expect(defined.map((app) => app.tier)).toEqual(defined.map(() => folderTier(folder)));
      expect(defined.filter((app) => !CATALOGUE.includes(app)).map((app) => app.name)).toEqual([]);
      expect(TIER_CATALOGUE[`${folderTier(folder)}`].apps).toHaveLength(defined.length);
    },
  );

  test('an app of tier 2 does not type-check in tier 1’s list (tsc holds this line to an error)', () => {
    const misplaced: TierCatalogue = {
      ...TIER_CATALOGUE,
      // @ts-expect-error backstage is an AppDefinition<2>, tier 1 takes AppDefinition<1> only
      '1': { ...TIER_CATALOGUE['1'], apps: [backstage] },
    };
    // Nothing stops it at run time: the type is the guard.
    expect(appsOf(misplaced).filter((app) => app.name === 'backstage')).toHaveLength(2);
  });
});

describe('what the model reads of the catalogue (PLATFORM_CATALOGUE), derived from the app definitions', () => {
  test('tier needs come in FOUNDATION_CAPABILITIES order and include the tier’s own (tier 0: vpc)', () => {
    expect(tierCapabilitiesOf(TIER_CATALOGUE)).toEqual({
      '0': ['vpc'],
      '1': ['zone', 'iam'],
      '1.5': [],
      '2': ['appSecrets', 'logBucket', 'database'],
      '3': ['appSecrets', 'database'],
    });
    expect(PLATFORM_CATALOGUE.tierNeeds).toEqual(tierCapabilitiesOf(TIER_CATALOGUE));
  });

  test.each([
    [0, ['vpc']],
    [1, ['vpc', 'zone', 'iam']],
    [1.5, ['vpc', 'zone', 'iam']],
    [2, ['vpc', 'zone', 'iam', 'appSecrets', 'logBucket', 'database']],
    [3, ['vpc', 'zone', 'iam', 'appSecrets', 'logBucket', 'database']],
  ] as const)('up to tier %s, the tiers need %j', (maxTier, needs) => {
    const upTo = TIERS.filter((t) => t <= maxTier).flatMap((t) => PLATFORM_CATALOGUE.tierNeeds[`${t}`]);
    expect([...new Set(upTo)]).toEqual(needs);
  });

  test('the generated secrets are those the app definitions declare, in catalogue order', () => {
    expect(PLATFORM_CATALOGUE.generatedSecrets).toEqual([
      { id: 'backstage/secrets', app: 'backstage', key: 'token' },
      { id: 'grafana/admin', app: 'grafana-postgresql', key: 'admin-password' },
      { id: 'keycloak/admin', app: 'keycloak', key: 'admin-password' },
      { id: 'oidc/argocd', app: 'oidc-config', key: 'client-secret' },
      { id: 'oidc/backstage', app: 'oidc-config', key: 'client-secret' },
      { id: 'oidc/grafana', app: 'oidc-config', key: 'client-secret' },
      { id: 'oidc/goldenpath-acceptance', app: 'oidc-config', key: 'client-secret' },
      { id: 'oidc/acceptance-user', app: 'oidc-config', key: 'password' },
      { id: 'argocd/admin', app: 'oidc-config', key: 'admin-password' },
    ]);
    expect(PLATFORM_CATALOGUE.generatedSecrets).toEqual(
      CATALOGUE.flatMap((app) => (app.generatedSecrets ?? []).map((s) => ({ ...s, app: app.name }))),
    );
  });

  test('its apps are CATALOGUE', () => {
    expect(PLATFORM_CATALOGUE.apps).toBe(CATALOGUE);
  });

  test('the workload identities are the service accounts the cluster gives Pod Identity roles', () => {
    const key = (w: WorkloadIdentity) => `${w.namespace}/${w.serviceAccount}`;
    expect(workloadIdentitiesOf(TIER_CATALOGUE).map(key)).toEqual([
      'kube-system/ebs-csi-controller-sa',
      'external-secrets/external-secrets',
      'external-dns/external-dns',
      'kube-system/aws-load-balancer-controller',
      'kube-system/cluster-autoscaler',
      'loki/loki',
    ]);
    expect(workloadIdentitiesOf(TIER_CATALOGUE).map(key).sort()).toEqual(
      Object.values(WORKLOAD_SERVICE_ACCOUNTS).map(key).sort(),
    );
  });
});
