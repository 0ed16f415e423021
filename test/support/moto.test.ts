import {
  CreateSecretCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { MOTO_CREDENTIALS } from './moto';
import { useMoto } from './services';

describe('moto test server', () => {
  const moto = useMoto();

  test('serves the real SDK and forgets everything on reset', async () => {
    const sm = new SecretsManagerClient({
      endpoint: moto.endpoint,
      region: 'eu-west-2',
      credentials: MOTO_CREDENTIALS,
      maxAttempts: 1,
    });
    await sm.send(new CreateSecretCommand({ Name: 'goldenpath/dev/x', SecretString: '{}' }));
    expect((await sm.send(new ListSecretsCommand({}))).SecretList?.map((s) => s.Name)).toEqual([
      'goldenpath/dev/x',
    ]);
    await moto.reset();
    expect((await sm.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
  });
});
