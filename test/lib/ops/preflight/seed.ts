import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { EnvironmentConfig } from '../../../../lib/model/config';
import { buildContract, flattenContract } from '../../../../lib/model/contract';
import { contractParameterName } from '../../../../lib/model/naming';
import type { PreflightClients } from '../../../../lib/ops/preflight/probes';
import { platformSecrets } from '../../../../lib/model/secrets';
import { PLATFORM_CATALOGUE } from '../../../../tiers/catalogue';
import { MOTO_CREDENTIALS, type Moto } from '../../../support/moto';

export { RAW_CONFIG, devConfig } from './dev-config';

export function motoClients(moto: Moto, region: string): PreflightClients {
  const common = { endpoint: moto.endpoint, region, credentials: MOTO_CREDENTIALS, maxAttempts: 1 };
  return {
    ssm: new SSMClient(common),
    route53: new Route53Client(common),
    rds: new RDSClient(common),
    secretsManager: new SecretsManagerClient(common),
    s3: new S3Client({ ...common, forcePathStyle: true }),
  };
}

/** What the seeded Foundation is made of, for tests that break one part of it and put it back. */
export interface SeededFoundation {
  readonly zoneId: string;
  readonly dbInstanceId: string;
  readonly bucket: string;
  /** Every published contract value, by key (`zone/id`, `database/endpoint`, ...). */
  readonly contract: Readonly<Record<string, string>>;
  /** Every generated secret's value (a JSON object), by secret name. */
  readonly secrets: Readonly<Record<string, string>>;
}

/**
 * Seeds an account with everything a deployed Foundation of `config` publishes: the all-green case.
 * One call at a time: moto answers concurrent writes with a 500 now and then (a whole-suite run
 * failed on a parameter put beside a secret).
 */
export async function seedFoundation(
  config: EnvironmentConfig,
  c: PreflightClients,
): Promise<SeededFoundation> {
  const zoneName = `${config.name}.${config.baseDomain}`;
  const dbInstanceId = `goldenpath-${config.name}-foundation-postgres`;
  const bucket = `goldenpath-${config.name}-foundation-logs-${config.account}`;
  // One call at a time: moto answers concurrent writes with a 500 now and then.
  const zone = await c.route53.send(new CreateHostedZoneCommand({ Name: zoneName, CallerReference: 'seed' }));
  const db = await c.rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: dbInstanceId,
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      AllocatedStorage: 20,
      MasterUsername: 'postgres',
      MasterUserPassword: 'generated-in-real-life',
    }),
  );
  await c.s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      CreateBucketConfiguration: { LocationConstraint: config.region as 'eu-west-2' },
    }),
  );
  const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  const real: Record<string, string> = {
    'zone/id': zoneId,
    'zone/name': zoneName,
    'log-bucket/name': bucket,
    'database/endpoint': db.DBInstance!.Endpoint?.Address ?? `${dbInstanceId}.example.rds.amazonaws.com`,
    'database/port': '5432',
  };
  const contract = flattenContract(
    buildContract(config, PLATFORM_CATALOGUE, (key) => real[key] ?? `value-of-${key}`),
  );
  const secrets = Object.fromEntries(
    platformSecrets(config, PLATFORM_CATALOGUE).map((s) => [
      s.name,
      JSON.stringify(Object.fromEntries(s.keys.map((k) => [k, `${k}-0f3a9c`]))),
    ]),
  );
  for (const [key, value] of Object.entries(contract)) {
    await c.ssm.send(
      new PutParameterCommand({
        Name: contractParameterName(config.name, key),
        Value: value,
        Type: 'String',
      }),
    );
  }
  for (const [Name, SecretString] of Object.entries(secrets)) {
    await c.secretsManager.send(new CreateSecretCommand({ Name, SecretString }));
  }
  return { zoneId, dbInstanceId, bucket, contract, secrets };
}
