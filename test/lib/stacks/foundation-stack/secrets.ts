import { secretsNeededBy } from '../../../../lib/model/catalogue';
import { ENVIRONMENT_NAMES } from '../../../../lib/model/config';
import { contractParameterName } from '../../../../lib/model/naming';
import { platformSecrets } from '../../../../lib/model/secrets';
import { CATALOGUE, PLATFORM_CATALOGUE } from '../../../../tiers/catalogue';
import { envConfig, sharedTestApp, templateOf } from '../../../util';
import { ACCOUNT, REGION, decide, managedPolicyOf } from '../../../constructs/iam-simulator';

/** Every secret an app definition declares, as `[app, id, key]`. */
const DECLARED = CATALOGUE.flatMap((app) =>
  (app.generatedSecrets ?? []).map((s): [string, string, string] => [app.name, s.id, s.key]),
);

describe('the Foundation creates the secrets the app definitions declare', () => {
  const config = envConfig('dev');
  const template = templateOf(sharedTestApp({ env: 'dev' }).foundation);

  test.each(DECLARED)('%s declares %s (key %s): generated, retained and published', (_app, id, key) => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        Name: `goldenpath/dev/${id}`,
        GenerateSecretString: {
          GenerateStringKey: key,
          SecretStringTemplate: '{}',
          ExcludePunctuation: true,
          PasswordLength: 40,
        },
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: contractParameterName('dev', `secrets/${id}/arn`),
    });
  });

  test('and no other secret but the database’s: one per app database, and the master', () => {
    const names = Object.values(template.findResources('AWS::SecretsManager::Secret')).map(
      (r) => (r as { Properties: { Name: string } }).Properties.Name,
    );
    expect(DECLARED.length).toBeGreaterThan(0);
    expect(names.sort()).toEqual(
      [
        ...DECLARED.map(([, id]) => id),
        ...config.database!.apps.map((a) => `${a.app}/postgres`),
        'rds/master',
      ]
        .map((id) => `goldenpath/dev/${id}`)
        .sort(),
    );
  });
});

/** Every secret an app reads or delivers to another namespace, as `[app, id]`. */
const NEEDED = CATALOGUE.flatMap((app) => secretsNeededBy(app).map((id): [string, string] => [app.name, id]));

describe.each(ENVIRONMENT_NAMES)('%s: every secret an app reads is one its Foundation creates', (env) => {
  const published = platformSecrets(envConfig(env), PLATFORM_CATALOGUE).map((s) => s.id);
  test.each(NEEDED)('%s reads %s', (_app, id) => {
    expect(published).toContain(id);
  });
});

describe('External Secrets may read every secret an app reads or delivers (simulated)', () => {
  const template = templateOf(sharedTestApp({ env: 'dev' }).foundation);
  const policy = managedPolicyOf(template, 'goldenpath-dev-external-secrets-read');
  const arn = (id: string) =>
    `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:goldenpath/dev/${id}-AbCdEf`;

  test('argocd/admin is among them: oidc-config delivers it to argocd', () => {
    expect(NEEDED).toContainEqual(['oidc-config', 'argocd/admin']);
  });

  test.each(NEEDED)('%s: %s', async (_app, id) => {
    expect(await decide([policy], 'secretsmanager:GetSecretValue', arn(id))).toBe('Allowed');
  });

  test('and never the RDS master secret', async () => {
    expect(await decide([policy], 'secretsmanager:GetSecretValue', arn('rds/master'))).toBe(
      'ExplicitlyDenied',
    );
  });
});
