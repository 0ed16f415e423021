import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type PreflightCheck,
  allChecks,
  checksFor,
  checksOfTier,
  firstTierNeeding,
  secretTier,
  synthCheckFailures,
} from '../../../lib/model/checks';
import { type EnvironmentConfig, loadEnvironmentConfig } from '../../../lib/model/config';
import { TIERS, type Tier } from '../../../lib/model/tier';
import { PLATFORM_CATALOGUE } from '../../../tiers/catalogue';

const RAW: unknown = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'config', 'environments.json'), 'utf8'),
);
const dev = (): EnvironmentConfig => loadEnvironmentConfig(RAW, 'dev');
const withoutDatabase = (): EnvironmentConfig => ({ ...dev(), database: undefined });
const ids = (checks: readonly PreflightCheck[]) => checks.map((c) => `${c.id}@${c.tier}`);

describe('the preflight check list', () => {
  test.each<[string, Tier, 'persistent' | 'ephemeral', string[]]>([
    [
      'ephemeral default',
      1.5,
      'ephemeral',
      [
        'contract-parameters@0',
        'contract-version@0',
        'hosted-zone@1',
        'nodes-ready@1',
        'default-storage-class@1.5',
      ],
    ],
    [
      'persistent',
      3,
      'persistent',
      [
        'contract-parameters@0',
        'contract-version@0',
        'hosted-zone@1',
        'nodes-ready@1',
        'default-storage-class@1.5',
        'database-available@2',
        'log-bucket@2',
        'secret:argocd/admin@3',
        'secret:backstage/secrets@2',
        'secret:grafana/admin@2',
        'secret:keycloak/admin@3',
        'secret:oidc/acceptance-user@3',
        'secret:oidc/argocd@3',
        'secret:oidc/backstage@3',
        'secret:oidc/goldenpath-acceptance@3',
        'secret:oidc/grafana@3',
        'secret:keycloak/postgres@3',
        'secret:backstage/postgres@2',
        'secret:grafana/postgres@2',
      ],
    ],
    ['tier 0 only', 0, 'persistent', ['contract-parameters@0', 'contract-version@0']],
  ])('%s: the checks up to the tier, as a literal list', (_name, maxTier, lifecycle, expected) => {
    expect(ids(checksFor(dev(), maxTier, lifecycle, PLATFORM_CATALOGUE))).toEqual(expected);
  });

  test('an ephemeral cluster never gets tier 3 checks, whatever maxTier it is handed', () => {
    expect(checksFor(dev(), 3, 'ephemeral', PLATFORM_CATALOGUE).filter((c) => c.tier === 3)).toEqual([]);
  });

  test('a check is needed from the first tier that needs its capability (the catalogue’s tier needs)', () => {
    for (const check of allChecks(dev(), PLATFORM_CATALOGUE)) {
      if (check.synth === undefined) continue;
      const needing = TIERS.filter(
        (t) => t <= check.tier && PLATFORM_CATALOGUE.tierNeeds[`${t}`].includes(check.synth!),
      );
      expect({ id: check.id, needed: needing.length > 0 }).toEqual({ id: check.id, needed: true });
    }
    expect([
      firstTierNeeding('vpc', PLATFORM_CATALOGUE),
      firstTierNeeding('zone', PLATFORM_CATALOGUE),
      firstTierNeeding('database', PLATFORM_CATALOGUE),
      firstTierNeeding('logBucket', PLATFORM_CATALOGUE),
    ]).toEqual([0, 1, 2, 2]);
  });

  test('a secret is needed from the lowest tier of a catalogue app that reads or delivers it', () => {
    expect(
      [
        'argocd/admin',
        'backstage/secrets',
        'backstage/postgres',
        'keycloak/admin',
        'keycloak/postgres',
        'grafana/admin',
        'grafana/postgres',
        'payments/postgres',
      ].map((id) => secretTier(id, PLATFORM_CATALOGUE)),
    ).toEqual([3, 2, 2, 3, 3, 2, 2, 2]);
  });

  test('a secret only delivered by an app’s own objects is checked in AWS, not by a PreSync Job', () => {
    const check = (catalogue: typeof PLATFORM_CATALOGUE) =>
      allChecks(dev(), catalogue).find((c) => c.id === 'secret:argocd/admin')!;
    expect(check(PLATFORM_CATALOGUE).deploy).toMatchObject({ kind: 'secret' });
    expect(check(PLATFORM_CATALOGUE).cluster).toBeUndefined();
    // Were another app to have it copied into its namespace, that copy would be checked.
    const copied = {
      ...PLATFORM_CATALOGUE,
      apps: PLATFORM_CATALOGUE.apps.map((a) =>
        a.name === 'keycloak' ? { ...a, secrets: [...a.secrets, 'argocd/admin'] } : a,
      ),
    };
    expect(check(copied).cluster).toEqual({
      kind: 'externalSecretReady',
      app: 'oidc-config',
      secretName: 'goldenpath/dev/argocd/admin',
    });
  });

  test('every secret check probes the secret the Foundation publishes, with its keys', () => {
    const check = allChecks(dev(), PLATFORM_CATALOGUE).find((c) => c.id === 'secret:backstage/postgres')!;
    expect(check).toEqual({
      id: 'secret:backstage/postgres',
      tier: 2,
      description:
        'secret goldenpath/dev/backstage/postgres has a current value with keys username, password, host, port, dbname, engine',
      remedy:
        'deploy the Foundation, whose database provisioner writes it: npx cdk deploy Foundation -c env=dev',
      synth: 'database',
      deploy: {
        kind: 'secret',
        secret: {
          id: 'backstage/postgres',
          app: 'backstage',
          name: 'goldenpath/dev/backstage/postgres',
          keys: ['username', 'password', 'host', 'port', 'dbname', 'engine'],
          source: 'database',
        },
      },
      cluster: {
        kind: 'externalSecretReady',
        app: 'backstage',
        secretName: 'goldenpath/dev/backstage/postgres',
      },
    });
  });

  test('the in-cluster checks of each tier (what the PreSync Jobs run)', () => {
    const cluster = (tier: Tier) =>
      checksOfTier(dev(), tier, PLATFORM_CATALOGUE).flatMap((c) =>
        c.cluster ? [`${c.id}:${c.cluster.kind}`] : [],
      );
    expect(TIERS.map((t) => [t, cluster(t)])).toEqual([
      [0, []],
      [1, ['nodes-ready:nodesReady']],
      [1.5, ['default-storage-class:defaultStorageClass']],
      [
        2,
        [
          'database-available:databaseReachable',
          'secret:backstage/secrets:externalSecretReady',
          'secret:grafana/admin:externalSecretReady',
          'secret:backstage/postgres:externalSecretReady',
          'secret:grafana/postgres:externalSecretReady',
        ],
      ],
      [
        3,
        [
          // argocd/admin has no ExternalSecret before tier 3 syncs (only oidc-config makes one, in
          // argocd); tier 3's acceptance checks it.
          'secret:keycloak/admin:externalSecretReady',
          'secret:oidc/acceptance-user:externalSecretReady',
          'secret:oidc/argocd:externalSecretReady',
          'secret:oidc/backstage:externalSecretReady',
          'secret:oidc/goldenpath-acceptance:externalSecretReady',
          'secret:oidc/grafana:externalSecretReady',
          'secret:keycloak/postgres:externalSecretReady',
        ],
      ],
    ]);
  });

  test('synth layer: a Foundation without a database fails the database check of tier 2', () => {
    const config = withoutDatabase();
    expect(synthCheckFailures(config, checksFor(config, 2, 'persistent', PLATFORM_CATALOGUE))).toEqual([
      'database-available (tier 2): needs Foundation capability database, which environment dev does not provide; configure "database" for dev in config/environments.json, then: npx cdk deploy Foundation -c env=dev',
    ]);
    expect(synthCheckFailures(dev(), checksFor(dev(), 3, 'persistent', PLATFORM_CATALOGUE))).toEqual([]);
  });
});
