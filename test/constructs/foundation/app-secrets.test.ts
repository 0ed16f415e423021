import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AppSecrets } from '../../../constructs/foundation/app-secrets';
import type { PlatformSecret } from '../../../lib/model/secrets';
import { testApp } from '../../util';
import { externalSecretsReadPolicy } from './external-secrets-policy';

const generated = (id: string, app: string, key: string): PlatformSecret => ({
  id,
  app,
  keys: [key],
  source: 'generated',
  name: `goldenpath/dev/${id}`,
});

function build(secrets: readonly PlatformSecret[]) {
  const stack = new Stack(testApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-2' } });
  const construct = new AppSecrets(stack, 'AppSecrets', { env: 'dev', secrets });
  return { construct, template: Template.fromStack(stack) };
}

describe('AppSecrets', () => {
  test('one generated, retained secret per entry, with its name and key; no value in the template', () => {
    const { construct, template } = build([
      generated('keycloak/admin', 'keycloak', 'admin-password'),
      generated('backstage/secrets', 'backstage', 'token'),
    ]);

    expect(Object.keys(construct.secrets)).toEqual(['keycloak/admin', 'backstage/secrets']);
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: {
        Name: 'goldenpath/dev/keycloak/admin',
        GenerateSecretString: {
          SecretStringTemplate: '{}',
          GenerateStringKey: 'admin-password',
          PasswordLength: 40,
          ExcludePunctuation: true,
        },
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('"SecretString"');
  });

  test('External Secrets may read goldenpath/<env>/* and never the RDS secrets', () => {
    const { template } = build([generated('keycloak/admin', 'keycloak', 'admin-password')]);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', externalSecretsReadPolicy('dev'));
  });

  test('a secret it cannot generate is refused', () => {
    const database: PlatformSecret = {
      ...generated('grafana/postgres', 'grafana', 'password'),
      source: 'database',
    };
    expect(() => build([database])).toThrow(
      'Invalid app secret (at Test/AppSecrets): secrets: received grafana/postgres (database, keys password); AppSecrets generates single-key secrets only',
    );
  });
});
