import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EnvironmentConfig, loadEnvironmentConfig } from '../../../../lib/model/config';
import { buildContract, flattenContract } from '../../../../lib/model/contract';
import { contractParameterName } from '../../../../lib/model/naming';
import type { PreflightClients } from '../../../../lib/ops/preflight/probes';
import { platformSecrets } from '../../../../lib/model/secrets';
import { PLATFORM_CATALOGUE } from '../../../../tiers/catalogue';
import { MOTO_CREDENTIALS, type Moto } from '../../../support/moto';

export const RAW_CONFIG: unknown = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'config', 'environments.json'), 'utf8'),
);

export function devConfig(): EnvironmentConfig {
  return loadEnvironmentConfig(RAW_CONFIG, 'dev');
}

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

/** What the seeded Foundation is made of, for tests that break one part of it. */
export interface SeededFoundation {
  readonly zoneId: string;
  readonly dbInstanceId: string;
  readonly bucket: string;
}

/** Seeds an account with everything a deployed Foundation of `config` publishes: the all-green case. */
export async function seedFoundation(
  config: EnvironmentConfig,
  c: PreflightClients,
): Promise<SeededFoundation> {
  const zoneName = `${config.name}.${config.baseDomain}`;
  const zone = await c.route53.send(new CreateHostedZoneCommand({ Name: zoneName, CallerReference: 'seed' }));
  const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  const dbInstanceId = `goldenpath-${config.name}-foundation-postgres`;
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
  const bucket = `goldenpath-${config.name}-foundation-logs-${config.account}`;
  await c.s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      CreateBucketConfiguration: { LocationConstraint: config.region as 'eu-west-2' },
    }),
  );
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
  for (const [key, value] of Object.entries(contract)) {
    await c.ssm.send(
      new PutParameterCommand({
        Name: contractParameterName(config.name, key),
        Value: value,
        Type: 'String',
      }),
    );
  }
  for (const s of platformSecrets(config, PLATFORM_CATALOGUE)) {
    const value = Object.fromEntries(s.keys.map((k) => [k, `${k}-0f3a9c`]));
    await c.secretsManager.send(
      new CreateSecretCommand({ Name: s.name, SecretString: JSON.stringify(value) }),
    );
  }
  return { zoneId, dbInstanceId, bucket };
}
