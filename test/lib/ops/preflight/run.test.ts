import { StartDBInstanceCommand, StopDBInstanceCommand } from '@aws-sdk/client-rds';
import { CreateHostedZoneCommand, DeleteHostedZoneCommand } from '@aws-sdk/client-route-53';
import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import {
  DeleteParametersCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { checksFor } from '../../../../lib/model/checks';
import type { PreflightClients } from '../../../../lib/ops/preflight/probes';
import { formatReport, runPreflight } from '../../../../lib/ops/preflight/run';
import { freePort } from '../../../support/moto';
import { useMoto } from '../../../support/services';
import { type SeededFoundation, devConfig, motoClients, seedFoundation } from './seed';
import { PLATFORM_CATALOGUE } from '../../../../tiers/catalogue';

const config = devConfig();
const target = { config, lifecycle: 'persistent' as const, maxTier: 3 as const };
const checks = checksFor(config, 3, 'persistent', PLATFORM_CATALOGUE);
const FIX = 'fix: deploy the Foundation first: npx cdk deploy Foundation -c env=dev';

/** The all-green report's lines, by check id, so each failure test replaces exactly one. */
const GREEN = (seeded: SeededFoundation): Record<string, string> => ({
  'contract-parameters':
    'PASS contract-parameters: Foundation contract parameters /goldenpath/dev/foundation/v1/* are published (37 parameters)',
  'contract-version':
    'PASS contract-version: Foundation contract /goldenpath/dev/foundation/v1/schema-version is the version this app reads (version 1)',
  'hosted-zone': `PASS hosted-zone: hosted zone dev.goldenpathidp.io exists (zone ${seeded.zoneId})`,
  'database-available': `PASS database-available: platform database is available (instance goldenpath-dev-foundation-postgres at ${seeded.dbInstanceId}.aaaaaaaaaa.eu-west-2.rds.amazonaws.com)`,
  'log-bucket': 'PASS log-bucket: log bucket exists (bucket goldenpath-dev-foundation-logs-111111111111)',
  'secret:argocd/admin':
    'PASS secret:argocd/admin: secret goldenpath/dev/argocd/admin has a current value with keys admin-password (current version, all keys set)',
  'secret:backstage/secrets':
    'PASS secret:backstage/secrets: secret goldenpath/dev/backstage/secrets has a current value with keys token (current version, all keys set)',
  'secret:grafana/admin':
    'PASS secret:grafana/admin: secret goldenpath/dev/grafana/admin has a current value with keys admin-password (current version, all keys set)',
  'secret:keycloak/admin':
    'PASS secret:keycloak/admin: secret goldenpath/dev/keycloak/admin has a current value with keys admin-password (current version, all keys set)',
  'secret:oidc/acceptance-user':
    'PASS secret:oidc/acceptance-user: secret goldenpath/dev/oidc/acceptance-user has a current value with keys password (current version, all keys set)',
  'secret:oidc/argocd':
    'PASS secret:oidc/argocd: secret goldenpath/dev/oidc/argocd has a current value with keys client-secret (current version, all keys set)',
  'secret:oidc/backstage':
    'PASS secret:oidc/backstage: secret goldenpath/dev/oidc/backstage has a current value with keys client-secret (current version, all keys set)',
  'secret:oidc/goldenpath-acceptance':
    'PASS secret:oidc/goldenpath-acceptance: secret goldenpath/dev/oidc/goldenpath-acceptance has a current value with keys client-secret (current version, all keys set)',
  'secret:oidc/grafana':
    'PASS secret:oidc/grafana: secret goldenpath/dev/oidc/grafana has a current value with keys client-secret (current version, all keys set)',
  'secret:keycloak/postgres':
    'PASS secret:keycloak/postgres: secret goldenpath/dev/keycloak/postgres has a current value with keys username, password, host, port, dbname, engine (current version, all keys set)',
  'secret:backstage/postgres':
    'PASS secret:backstage/postgres: secret goldenpath/dev/backstage/postgres has a current value with keys username, password, host, port, dbname, engine (current version, all keys set)',
  'secret:grafana/postgres':
    'PASS secret:grafana/postgres: secret goldenpath/dev/grafana/postgres has a current value with keys username, password, host, port, dbname, engine (current version, all keys set)',
});

describe('deploy-time preflight against a local AWS API', () => {
  const moto = useMoto();
  let clients: PreflightClients;
  let seeded: SeededFoundation;
  // One seed for the file: each test that breaks a part of the Foundation puts that part back
  // (afterEach, also when the test failed), so every test starts from the all-green account.
  const undo: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    clients = motoClients(moto, config.region);
    seeded = await seedFoundation(config, clients);
  });
  afterEach(async () => {
    for (const step of undo.splice(0).reverse()) await step();
  });
  const putParameter = (key: string, value: string) =>
    clients.ssm.send(
      new PutParameterCommand({
        Name: `/goldenpath/dev/foundation/v1/${key}`,
        Value: value,
        Type: 'String',
        Overwrite: true,
      }),
    );
  const putSecret = (name: string, value: string) =>
    clients.secretsManager.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));

  const lines = async () => formatReport(await runPreflight(target, checks, clients));
  const expectedWith = (id: string, line: string, failed = 1) => {
    const green = GREEN(seeded);
    return [
      'preflight dev (eu-west-2) for a persistent cluster up to tier 3',
      ...Object.entries(green).map(([k, v]) => (k === id ? line : v)),
      failed === 0 ? '17 checks: all passed' : `17 checks: ${17 - failed} passed, ${failed} failed`,
    ];
  };

  test('a seeded, all-green account passes every check', async () => {
    const report = await runPreflight(target, checks, clients);
    expect(report.ok).toBe(true);
    expect(formatReport(report)).toEqual(expectedWith('', '', 0));
  });

  test('no contract parameters: every check that reads the contract fails and says to deploy the Foundation', async () => {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await clients.ssm.send(
        new GetParametersByPathCommand({ Path: '/goldenpath/dev', Recursive: true, NextToken: token }),
      );
      names.push(...(page.Parameters ?? []).map((p) => p.Name!));
      token = page.NextToken;
    } while (token);
    // One call at a time: moto answers concurrent writes with a 500 now and then.
    undo.push(async () => {
      for (const [key, value] of Object.entries(seeded.contract)) await putParameter(key, value);
    });
    for (let i = 0; i < names.length; i += 10)
      await clients.ssm.send(new DeleteParametersCommand({ Names: names.slice(i, i + 10) }));

    const out = await lines();
    expect(out.slice(0, 6)).toEqual([
      'preflight dev (eu-west-2) for a persistent cluster up to tier 3',
      `FAIL contract-parameters: Foundation contract parameters /goldenpath/dev/foundation/v1/* are published: no parameters under /goldenpath/dev/foundation/v1/; ${FIX}`,
      'FAIL contract-version: Foundation contract /goldenpath/dev/foundation/v1/schema-version is the version this app reads: contract parameter /goldenpath/dev/foundation/v1/schema-version is missing; fix: update the Foundation to this version of the app: npx cdk deploy Foundation -c env=dev',
      `FAIL hosted-zone: hosted zone dev.goldenpathidp.io exists: contract parameter /goldenpath/dev/foundation/v1/zone/id is missing; ${FIX}`,
      'FAIL database-available: platform database is available: contract parameter /goldenpath/dev/foundation/v1/database/endpoint is missing; fix: wait for the RDS instance to become available (aws rds describe-db-instances), or deploy the Foundation: npx cdk deploy Foundation -c env=dev',
      `FAIL log-bucket: log bucket exists: contract parameter /goldenpath/dev/foundation/v1/log-bucket/name is missing; ${FIX}`,
    ]);
    expect(out.at(-1)).toBe('17 checks: 12 passed, 5 failed');
  });

  test('a contract of another schema version fails the version check alone', async () => {
    undo.push(() => putParameter('schema-version', seeded.contract['schema-version']));
    await putParameter('schema-version', '2');
    expect(await lines()).toEqual(
      expectedWith(
        'contract-version',
        'FAIL contract-version: Foundation contract /goldenpath/dev/foundation/v1/schema-version is the version this app reads: found version "2", this app reads version "1"; fix: update the Foundation to this version of the app: npx cdk deploy Foundation -c env=dev',
      ),
    );
  });

  test('a missing hosted zone fails the zone check alone', async () => {
    const { zoneId } = seeded;
    // The zone comes back under a new id, which the contract then names.
    undo.push(async () => {
      const zone = await clients.route53.send(
        new CreateHostedZoneCommand({ Name: 'dev.goldenpathidp.io', CallerReference: `undo-${zoneId}` }),
      );
      const id = zone.HostedZone!.Id!.replace('/hostedzone/', '');
      await putParameter('zone/id', id);
      seeded = { ...seeded, zoneId: id, contract: { ...seeded.contract, 'zone/id': id } };
    });
    await clients.route53.send(new DeleteHostedZoneCommand({ Id: zoneId }));
    expect(await lines()).toEqual(
      expectedWith(
        'hosted-zone',
        `FAIL hosted-zone: hosted zone dev.goldenpathidp.io exists: zone ${zoneId} (from the contract) does not exist; ${FIX}`,
      ),
    );
  });

  test('a database that is not available fails the database check alone', async () => {
    undo.push(() =>
      clients.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: seeded.dbInstanceId })),
    );
    await clients.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: seeded.dbInstanceId }));
    expect(await lines()).toEqual(
      expectedWith(
        'database-available',
        'FAIL database-available: platform database is available: instance goldenpath-dev-foundation-postgres is "stopped", expected "available"; fix: wait for the RDS instance to become available (aws rds describe-db-instances), or deploy the Foundation: npx cdk deploy Foundation -c env=dev',
      ),
    );
  });

  test('a missing log bucket fails the bucket check alone', async () => {
    undo.push(() =>
      clients.s3.send(
        new CreateBucketCommand({
          Bucket: seeded.bucket,
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' },
        }),
      ),
    );
    await clients.s3.send(new DeleteBucketCommand({ Bucket: seeded.bucket }));
    expect(await lines()).toEqual(
      expectedWith(
        'log-bucket',
        `FAIL log-bucket: log bucket exists: bucket goldenpath-dev-foundation-logs-111111111111 (from the contract) does not exist; ${FIX}`,
      ),
    );
  });

  test('a missing secret fails its own check alone', async () => {
    const name = 'goldenpath/dev/keycloak/admin';
    undo.push(() =>
      clients.secretsManager.send(
        new CreateSecretCommand({ Name: name, SecretString: seeded.secrets[name] }),
      ),
    );
    await clients.secretsManager.send(
      new DeleteSecretCommand({
        SecretId: name,
        ForceDeleteWithoutRecovery: true,
      }),
    );
    expect(await lines()).toEqual(
      expectedWith(
        'secret:keycloak/admin',
        'FAIL secret:keycloak/admin: secret goldenpath/dev/keycloak/admin has a current value with keys admin-password: the secret does not exist; fix: deploy the Foundation, which generates it: npx cdk deploy Foundation -c env=dev',
      ),
    );
  });

  test('a secret missing a key fails, naming the key', async () => {
    const value = {
      username: 'backstage',
      password: 'p-0f3a9c',
      host: 'db',
      port: '5432',
      engine: 'postgres',
    };
    const name = 'goldenpath/dev/backstage/postgres';
    undo.push(() => putSecret(name, seeded.secrets[name]));
    await putSecret(name, JSON.stringify(value));
    expect(await lines()).toEqual(
      expectedWith(
        'secret:backstage/postgres',
        'FAIL secret:backstage/postgres: secret goldenpath/dev/backstage/postgres has a current value with keys username, password, host, port, dbname, engine: the current value lacks the key dbname; fix: deploy the Foundation, whose database provisioner writes it: npx cdk deploy Foundation -c env=dev',
      ),
    );
  });

  test.each(['CHANGE_ME', '', '<token>', 'placeholder'])(
    'a placeholder value %j fails, naming the key and not the value',
    async (placeholder) => {
      const name = 'goldenpath/dev/backstage/secrets';
      undo.push(() => putSecret(name, seeded.secrets[name]));
      await putSecret(name, JSON.stringify({ token: placeholder }));
      expect(await lines()).toEqual(
        expectedWith(
          'secret:backstage/secrets',
          'FAIL secret:backstage/secrets: secret goldenpath/dev/backstage/secrets has a current value with keys token: the key token holds a placeholder value; fix: deploy the Foundation, which generates it: npx cdk deploy Foundation -c env=dev',
        ),
      );
    },
  );

  test('an ephemeral build up to tier 1.5 runs only the contract and zone checks', async () => {
    const report = await runPreflight(
      { config, lifecycle: 'ephemeral', maxTier: 1.5, buildId: 'pr-123' },
      checksFor(config, 1.5, 'ephemeral', PLATFORM_CATALOGUE),
      clients,
    );
    expect(formatReport(report)).toEqual([
      'preflight dev (eu-west-2) for an ephemeral build pr-123 up to tier 1.5',
      GREEN(seeded)['contract-parameters'],
      GREEN(seeded)['contract-version'],
      GREEN(seeded)['hosted-zone'],
      '3 checks: all passed',
    ]);
  });
});

describe('AWS errors are reported per check, as one line', () => {
  test('no credentials: every check says so and what to do, no stack trace', async () => {
    const noCreds = () =>
      Promise.reject(
        Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        }),
      );
    const port = await freePort();
    const ssm = new SSMClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'eu-west-2',
      credentials: noCreds,
      maxAttempts: 1,
    });
    const report = await runPreflight(
      { ...target, maxTier: 0 },
      checksFor(config, 0, 'persistent', PLATFORM_CATALOGUE),
      {
        ssm,
      } as PreflightClients,
    );
    expect(formatReport(report)).toEqual([
      'preflight dev (eu-west-2) for a persistent cluster up to tier 0',
      'FAIL contract-parameters: Foundation contract parameters /goldenpath/dev/foundation/v1/* are published: no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers); fix: configure credentials for the environment account (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
      'FAIL contract-version: Foundation contract /goldenpath/dev/foundation/v1/schema-version is the version this app reads: no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers); fix: configure credentials for the environment account (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
      '2 checks: 0 passed, 2 failed',
    ]);
  });

  test('an unreachable endpoint', async () => {
    const port = await freePort();
    const ssm = new SSMClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });
    const report = await runPreflight(
      { ...target, maxTier: 0 },
      checksFor(config, 0, 'persistent', PLATFORM_CATALOGUE),
      {
        ssm,
      } as PreflightClients,
    );
    expect(report.results[0]).toEqual({
      id: 'contract-parameters',
      tier: 0,
      status: 'fail',
      check: 'Foundation contract parameters /goldenpath/dev/foundation/v1/* are published',
      detail: `cannot reach AWS (connect ECONNREFUSED 127.0.0.1:${port})`,
      remedy: 'check the network and AWS_ENDPOINT_URL',
    });
  });
});
