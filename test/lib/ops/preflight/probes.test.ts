import { CreateHostedZoneCommand, DeleteHostedZoneCommand } from '@aws-sdk/client-route-53';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import type { DeployProbe } from '../../../../lib/model/checks';
import type { PlatformSecret } from '../../../../lib/model/secrets';
import { ContractValues, type PreflightClients, runProbe } from '../../../../lib/ops/preflight/probes';
import { useMoto } from '../../../support/services';
import { alterOutput, awsError, injectFault } from '../teardown/faults';
import { type SeededFoundation, devConfig, motoClients, seedFoundation } from './seed';

const config = devConfig();
const CONTRACT = '/goldenpath/dev/foundation/v1';

/** A secret of the test's own, with several keys, so the plural messages show. */
const MULTI: PlatformSecret = {
  id: 'test/multi',
  name: 'goldenpath/dev/test/multi',
  app: 'test',
  keys: ['client-id', 'client-secret', 'token'],
  source: 'generated',
};

describe('deploy-time probes', () => {
  const moto = useMoto();
  let clients: PreflightClients;
  let seeded: SeededFoundation;
  // One seed for the file: a test that changes a contract value or adds a zone puts the account
  // back (afterEach, also when it failed), and each secret test writes a secret of its own.
  const undo: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    seeded = await seedFoundation(config, motoClients(moto, config.region));
  });
  beforeEach(() => {
    // Fresh clients per test: a test's injected faults stay with it.
    clients = motoClients(moto, config.region);
  });
  afterEach(async () => {
    for (const step of undo.splice(0).reverse()) await step();
  });

  const probe = (p: DeployProbe) => runProbe(p, new ContractValues(config, clients.ssm), clients);
  const putParameter = (key: string, value: string) =>
    clients.ssm.send(
      new PutParameterCommand({ Name: `${CONTRACT}/${key}`, Value: value, Type: 'String', Overwrite: true }),
    );
  /** Changes one contract value for this test alone. */
  const setParameter = (key: string, value: string) => {
    const seededValue = seeded.contract[key];
    undo.push(() => putParameter(key, seededValue));
    return putParameter(key, value);
  };
  let multis = 0;
  /** Creates this test's own MULTI secret (a name no other test uses) and answers it. */
  const putMulti = async (value: string): Promise<PlatformSecret> => {
    multis += 1;
    const secret = { ...MULTI, name: `${MULTI.name}-${multis}` };
    await clients.secretsManager.send(new CreateSecretCommand({ Name: secret.name, SecretString: value }));
    return secret;
  };

  describe('the contract values', () => {
    test('are read once, every page, and shared by every probe of a run', async () => {
      const reads = injectFault(clients.ssm, 'GetParametersByPathCommand', () => undefined);
      const contract = new ContractValues(config, clients.ssm);
      const outcomes = [
        await runProbe({ kind: 'contractVersion' }, contract, clients),
        await runProbe({ kind: 'logBucket' }, contract, clients),
      ];
      const values = await contract.all();
      expect([contract.path, values.size, values.get('zone/id'), outcomes.map((o) => o.ok)]).toEqual([
        CONTRACT,
        37,
        seeded.zoneId,
        [true, true],
      ]);
      // moto answers 10 parameters a page: 37 take 4 pages, read once for the whole run.
      expect(reads.calls()).toBe(4);
    });

    test('an SSM error is thrown for the caller to report, not turned into a pass or a fail', async () => {
      injectFault(clients.ssm, 'GetParametersByPathCommand', () => {
        throw awsError('AccessDeniedException', 'not authorized to perform: ssm:GetParametersByPath');
      });
      await expect(probe({ kind: 'contractVersion' })).rejects.toThrow(
        'not authorized to perform: ssm:GetParametersByPath',
      );
    });
  });

  describe('contractParameters', () => {
    test('some keys missing: how many, and the first five by name', async () => {
      const missing = ['a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'a/6'];
      expect([
        await probe({ kind: 'contractParameters', keys: ['zone/id', 'zone/name', ...missing] }),
        await probe({ kind: 'contractParameters', keys: ['zone/id', 'a/1', 'a/2'] }),
      ]).toEqual([
        { ok: false, detail: '6 of 8 missing: a/1, a/2, a/3, a/4, a/5, ...' },
        { ok: false, detail: '2 of 3 missing: a/1, a/2' },
      ]);
    });
  });

  describe('hostedZone', () => {
    test('the contract naming another zone fails before any Route 53 call', async () => {
      const reads = injectFault(clients.route53, 'GetHostedZoneCommand', () => undefined);
      await setParameter('zone/name', 'staging.goldenpathidp.io');
      expect([await probe({ kind: 'hostedZone', zoneName: 'dev.goldenpathidp.io' }), reads.calls()]).toEqual([
        {
          ok: false,
          detail: 'the contract names the zone staging.goldenpathidp.io, expected dev.goldenpathidp.io',
        },
        0,
      ]);
    });

    test('a zone id that points at a zone of another name fails, naming both', async () => {
      const other = await clients.route53.send(
        new CreateHostedZoneCommand({ Name: 'other.example.com', CallerReference: 'other' }),
      );
      const otherId = other.HostedZone!.Id!.replace('/hostedzone/', '');
      undo.push(() => clients.route53.send(new DeleteHostedZoneCommand({ Id: otherId })));
      await setParameter('zone/id', otherId);
      expect(await probe({ kind: 'hostedZone', zoneName: 'dev.goldenpathidp.io' })).toEqual({
        ok: false,
        detail: `zone ${otherId} is named other.example.com, expected dev.goldenpathidp.io`,
      });
    });

    test('a Route 53 error other than a missing zone is thrown', async () => {
      injectFault(clients.route53, 'GetHostedZoneCommand', () => {
        throw awsError('Throttling', 'Rate exceeded');
      });
      await expect(probe({ kind: 'hostedZone', zoneName: 'dev.goldenpathidp.io' })).rejects.toThrow(
        'Rate exceeded',
      );
    });
  });

  describe('databaseAvailable', () => {
    test('an endpoint no instance has fails, naming the endpoint', async () => {
      await setParameter('database/endpoint', 'gone.aaaaaaaaaa.eu-west-2.rds.amazonaws.com');
      expect(await probe({ kind: 'databaseAvailable' })).toEqual({
        ok: false,
        detail:
          'no RDS instance has the endpoint gone.aaaaaaaaaa.eu-west-2.rds.amazonaws.com (from the contract)',
      });
    });
  });

  describe('logBucket', () => {
    test('an S3 error other than a missing bucket is thrown', async () => {
      injectFault(clients.s3, 'HeadBucketCommand', () => {
        throw awsError('Forbidden', 'Forbidden');
      });
      await expect(probe({ kind: 'logBucket' })).rejects.toMatchObject({ name: 'Forbidden' });
    });
  });

  describe('secret', () => {
    test.each([
      ['not JSON', 'client-id=abc'],
      ['a JSON array', '["abc"]'],
      ['JSON null', 'null'],
      ['a JSON string', '"abc"'],
    ])('a value that is %s fails, without printing it', async (_what, value) => {
      const secret = await putMulti(value);
      expect(await probe({ kind: 'secret', secret })).toEqual({
        ok: false,
        detail: 'the current value is not a JSON object',
      });
    });

    test('several missing keys are all named', async () => {
      const secret = await putMulti(JSON.stringify({ 'client-id': 'id-0f3a9c' }));
      expect(await probe({ kind: 'secret', secret })).toEqual({
        ok: false,
        detail: 'the current value lacks the keys client-secret, token',
      });
    });

    test('several placeholders are all named, their values never', async () => {
      const secret = await putMulti(
        JSON.stringify({ 'client-id': ' TODO ', 'client-secret': '${SECRET}', token: 'xxxx' }),
      );
      expect(await probe({ kind: 'secret', secret })).toEqual({
        ok: false,
        detail: 'the keys client-id, client-secret, token hold a placeholder value',
      });
    });

    test('values that only contain a placeholder word are real values', async () => {
      const secret = await putMulti(
        JSON.stringify({
          'client-id': 'password-reset-app',
          'client-secret': 'todo-list-0f3a',
          token: 12345,
        }),
      );
      expect(await probe({ kind: 'secret', secret })).toEqual({
        ok: true,
        detail: 'current version, all keys set',
      });
    });

    test('a secret with no AWSCURRENT version fails before its value is read', async () => {
      const secret = await putMulti(JSON.stringify({ 'client-id': 'a', 'client-secret': 'b', token: 'c' }));
      alterOutput<{ VersionIdsToStages?: Record<string, string[]> }>(
        clients.secretsManager,
        'DescribeSecretCommand',
        (out) => ({
          ...out,
          VersionIdsToStages: Object.fromEntries(
            Object.keys(out.VersionIdsToStages ?? {}).map((id) => [id, ['AWSPENDING']]),
          ),
        }),
      );
      const reads = injectFault(clients.secretsManager, 'GetSecretValueCommand', () => undefined);
      expect([await probe({ kind: 'secret', secret }), reads.calls()]).toEqual([
        { ok: false, detail: 'the secret has no current (AWSCURRENT) version' },
        0,
      ]);
    });

    test('a Secrets Manager error other than a missing secret is thrown', async () => {
      injectFault(clients.secretsManager, 'DescribeSecretCommand', () => {
        throw awsError('AccessDeniedException', 'not authorized to perform: secretsmanager:DescribeSecret');
      });
      await expect(probe({ kind: 'secret', secret: MULTI })).rejects.toThrow(
        'not authorized to perform: secretsmanager:DescribeSecret',
      );
    });
  });
});
