import { APP_DATABASE_SECRET_KEYS, GENERATED_SECRETS, platformSecrets } from '../../../lib/model/secrets';
import { masterSecretName } from '../../../lib/model/naming';
import { envConfig } from '../../util';

describe('platform secrets', () => {
  test('the generated secrets first, then one <app>/postgres per configured app database', () => {
    const config = envConfig('dev');
    const secrets = platformSecrets(config);
    expect(secrets.map((s) => [s.id, s.source])).toEqual([
      ...GENERATED_SECRETS.map((s) => [s.id, 'generated']),
      ...config.database!.apps.map((a) => [`${a.app}/postgres`, 'database']),
    ]);
    expect(secrets[0]).toEqual({
      id: 'keycloak/admin',
      app: 'keycloak',
      keys: ['admin-password'],
      source: 'generated',
      name: 'goldenpath/dev/keycloak/admin',
    });
    expect(secrets.find((s) => s.source === 'database')!.keys).toEqual(APP_DATABASE_SECRET_KEYS);
  });

  test('an environment without a database has only the generated secrets', () => {
    expect(platformSecrets({ ...envConfig('dev'), database: undefined }).map((s) => s.id)).toEqual([
      'keycloak/admin',
      'backstage/secrets',
      'oidc/argocd',
      'oidc/backstage',
      'oidc/grafana',
      'oidc/goldenpath-acceptance',
      'oidc/acceptance-user',
    ]);
  });

  test('the master secret is named like the others but is never a platform secret', () => {
    const config = envConfig('staging');
    expect(masterSecretName(config.name)).toBe('goldenpath/staging/rds/master');
    expect(platformSecrets(config).map((s) => s.name)).not.toContain('goldenpath/staging/rds/master');
  });
});
