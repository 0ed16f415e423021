import type { Catalogue } from '../../../lib/model/catalogue';
import { APP_DATABASE_SECRET_KEYS, platformSecrets } from '../../../lib/model/secrets';
import { masterSecretName } from '../../../lib/model/naming';
import { PLATFORM_CATALOGUE } from '../../../tiers/catalogue';
import { envConfig, userInputMessage } from '../../util';

/** The platform catalogue with `generatedSecrets` as given. */
const declaring = (generatedSecrets: Catalogue['generatedSecrets']): Catalogue => ({
  ...PLATFORM_CATALOGUE,
  generatedSecrets,
});

/** The secrets the app definitions declare, as platformSecrets orders them (by id): a contract. */
const GENERATED_IDS = [
  'argocd/admin',
  'backstage/secrets',
  'grafana/admin',
  'keycloak/admin',
  'oidc/acceptance-user',
  'oidc/argocd',
  'oidc/backstage',
  'oidc/goldenpath-acceptance',
  'oidc/grafana',
];

describe('platform secrets', () => {
  test('the secrets the apps declare, by id, then one <app>/postgres per configured app database', () => {
    const config = envConfig('dev');
    const secrets = platformSecrets(config, PLATFORM_CATALOGUE);
    expect(secrets.map((s) => [s.id, s.source])).toEqual([
      ...GENERATED_IDS.map((id) => [id, 'generated']),
      ...config.database!.apps.map((a) => [`${a.app}/postgres`, 'database']),
    ]);
    expect(secrets.find((s) => s.id === 'keycloak/admin')).toEqual({
      id: 'keycloak/admin',
      app: 'keycloak',
      keys: ['admin-password'],
      source: 'generated',
      name: 'goldenpath/dev/keycloak/admin',
    });
    expect(secrets.find((s) => s.source === 'database')!.keys).toEqual(APP_DATABASE_SECRET_KEYS);
  });

  test('an environment without a database has only the generated secrets', () => {
    expect(
      platformSecrets({ ...envConfig('dev'), database: undefined }, PLATFORM_CATALOGUE).map((s) => s.id),
    ).toEqual(GENERATED_IDS);
  });

  test('a secret an app declares is a platform secret, whatever its place in the catalogue', () => {
    const config = { ...envConfig('dev'), database: undefined };
    const extra = { id: 'grafana/oidc', app: 'grafana-postgresql', key: 'client-secret' };
    const ids = (c: Catalogue) => platformSecrets(config, c).map((s) => s.id);
    const last = declaring([...PLATFORM_CATALOGUE.generatedSecrets, extra]);
    const first = declaring([extra, ...PLATFORM_CATALOGUE.generatedSecrets]);
    const at = GENERATED_IDS.indexOf('grafana/admin') + 1;
    expect(ids(last)).toEqual([...GENERATED_IDS.slice(0, at), 'grafana/oidc', ...GENERATED_IDS.slice(at)]);
    expect(ids(first)).toEqual(ids(last));
    expect(platformSecrets(config, last)[at]).toEqual({
      id: 'grafana/oidc',
      app: 'grafana-postgresql',
      keys: ['client-secret'],
      source: 'generated',
      name: 'goldenpath/dev/grafana/oidc',
    });
  });

  test('a secret id declared twice is refused, with both declarations', () => {
    const config = envConfig('dev');
    const twice = declaring([
      ...PLATFORM_CATALOGUE.generatedSecrets,
      { id: 'keycloak/admin', app: 'oidc-config', key: 'password' },
      { id: 'backstage/postgres', app: 'backstage', key: 'password' },
    ]);
    expect(userInputMessage(() => platformSecrets(config, twice))).toBe(
      [
        'Invalid app secrets:',
        '  - secret "backstage/postgres" is declared 2 times (generated for backstage, database for backstage); each secret id is declared once, by one app definition or one database in config/environments.json',
        '  - secret "keycloak/admin" is declared 2 times (generated for keycloak, generated for oidc-config); each secret id is declared once, by one app definition or one database in config/environments.json',
      ].join('\n'),
    );
  });

  test('no app may declare a secret among the RDS secrets', () => {
    const config = envConfig('staging');
    const rds = declaring([{ id: 'rds/master', app: 'backstage', key: 'password' }]);
    expect(userInputMessage(() => platformSecrets(config, rds))).toBe(
      'Invalid app secrets: secret "rds/master" (generated for backstage) is named goldenpath/staging/rds/master, under goldenpath/staging/rds/*, which holds the RDS secrets no app may read; choose an id under backstage/',
    );
  });

  test('the master secret is named like the others but is never a platform secret', () => {
    const config = envConfig('staging');
    expect(masterSecretName(config.name)).toBe('goldenpath/staging/rds/master');
    expect(platformSecrets(config, PLATFORM_CATALOGUE).map((s) => s.name)).not.toContain(
      'goldenpath/staging/rds/master',
    );
  });
});
