import { DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { GetHostedZoneCommand, type Route53Client } from '@aws-sdk/client-route-53';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParametersByPathCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { DeployProbe } from '../../model/checks';
import type { EnvironmentConfig } from '../../model/config';
import { CONTRACT_FIELDS, CONTRACT_VERSION_KEY } from '../../model/contract';
import { CONTRACT_VERSION, contractPath } from '../../model/naming';
import type { PlatformSecret } from '../../model/secrets';
import { isAwsError } from './aws-errors';

/** The SDK clients the deploy-time probes use; the CLI builds them from the standard AWS chain. */
export interface PreflightClients {
  readonly ssm: SSMClient;
  readonly route53: Route53Client;
  readonly rds: RDSClient;
  readonly secretsManager: SecretsManagerClient;
  readonly s3: S3Client;
}

/** What a probe found: passed, or failed with why. AWS errors are thrown, and reported by the caller. */
export type ProbeOutcome =
  { readonly ok: true; readonly detail: string } | { readonly ok: false; readonly detail: string };

/**
 * Values a value-less secret key may not hold: empty, or a stand-in someone meant to replace.
 * Generated and provisioned values are never one of these.
 */
const PLACEHOLDER =
  /^(|changeme|change[-_ ]?me|placeholder|todo|tbd|fixme|replace[-_ ]?me|dummy|secret|password|xxx+|<[^>]*>|\$\{[^}]*\})$/i;

/** Reads the Foundation's published contract once per preflight run and shares it between probes. */
export class ContractValues {
  private values?: Promise<Map<string, string>>;

  constructor(
    private readonly config: EnvironmentConfig,
    private readonly ssm: SSMClient,
  ) {}

  /** The path every contract parameter is under. */
  public get path(): string {
    return contractPath(this.config.name);
  }

  /** All published `key -> value` pairs (throws the SDK error if SSM cannot be read). */
  public all(): Promise<Map<string, string>> {
    this.values ??= this.read();
    return this.values;
  }

  private async read(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await this.ssm.send(
        new GetParametersByPathCommand({ Path: this.path, Recursive: true, NextToken: token }),
      );
      for (const p of page.Parameters ?? []) {
        if (p.Name && p.Value !== undefined) out.set(p.Name.slice(this.path.length + 1), p.Value);
      }
      token = page.NextToken;
    } while (token);
    return out;
  }
}

const fail = (detail: string): ProbeOutcome => ({ ok: false, detail });
const pass = (detail: string): ProbeOutcome => ({ ok: true, detail });

/** Runs one deploy-time probe against the account. */
export async function runProbe(
  probe: DeployProbe,
  contract: ContractValues,
  clients: PreflightClients,
): Promise<ProbeOutcome> {
  const values = await contract.all();
  const need = (key: string): string | ProbeOutcome =>
    values.get(key) ?? fail(`contract parameter ${contract.path}/${key} is missing`);
  switch (probe.kind) {
    case 'contractParameters': {
      const expected = probe.keys;
      const missing = expected.filter((k) => !values.has(k));
      if (missing.length === expected.length) return fail(`no parameters under ${contract.path}/`);
      if (missing.length > 0)
        return fail(
          `${missing.length} of ${expected.length} missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`,
        );
      return pass(`${expected.length} parameters`);
    }
    case 'contractVersion': {
      const version = need(CONTRACT_VERSION_KEY);
      if (typeof version !== 'string') return version;
      return version === String(CONTRACT_VERSION)
        ? pass(`version ${version}`)
        : fail(`found version "${version}", this app reads version "${CONTRACT_VERSION}"`);
    }
    case 'hostedZone':
      return hostedZone(
        probe.zoneName,
        need(CONTRACT_FIELDS.hostedZoneId.key),
        need(CONTRACT_FIELDS.hostedZoneName.key),
        clients.route53,
      );
    case 'databaseAvailable': {
      const endpoint = need(CONTRACT_FIELDS.database.fields.endpoint.key);
      return typeof endpoint === 'string' ? databaseAvailable(endpoint, clients.rds) : endpoint;
    }
    case 'logBucket': {
      const bucket = need(CONTRACT_FIELDS.logBucketName.key);
      return typeof bucket === 'string' ? logBucket(bucket, clients.s3) : bucket;
    }
    case 'secret':
      return secret(probe.secret, clients.secretsManager);
  }
}

async function hostedZone(
  zoneName: string,
  id: string | ProbeOutcome,
  name: string | ProbeOutcome,
  route53: Route53Client,
): Promise<ProbeOutcome> {
  if (typeof id !== 'string') return id;
  if (typeof name !== 'string') return name;
  if (name !== zoneName) return fail(`the contract names the zone ${name}, expected ${zoneName}`);
  try {
    const zone = await route53.send(new GetHostedZoneCommand({ Id: id }));
    const actual = (zone.HostedZone?.Name ?? '').replace(/\.$/, '');
    return actual === zoneName
      ? pass(`zone ${id}`)
      : fail(`zone ${id} is named ${actual}, expected ${zoneName}`);
  } catch (err) {
    if (isAwsError(err, 'NoSuchHostedZone')) return fail(`zone ${id} (from the contract) does not exist`);
    throw err;
  }
}

async function databaseAvailable(endpoint: string, rds: RDSClient): Promise<ProbeOutcome> {
  let marker: string | undefined;
  do {
    const page = await rds.send(new DescribeDBInstancesCommand({ Marker: marker }));
    const db = (page.DBInstances ?? []).find((i) => i.Endpoint?.Address === endpoint);
    if (db) {
      return db.DBInstanceStatus === 'available'
        ? pass(`instance ${db.DBInstanceIdentifier} at ${endpoint}`)
        : fail(`instance ${db.DBInstanceIdentifier} is "${db.DBInstanceStatus}", expected "available"`);
    }
    marker = page.Marker;
  } while (marker);
  return fail(`no RDS instance has the endpoint ${endpoint} (from the contract)`);
}

async function logBucket(bucket: string, s3: S3Client): Promise<ProbeOutcome> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return pass(`bucket ${bucket}`);
  } catch (err) {
    if (isAwsError(err, 'NotFound', 'NoSuchBucket'))
      return fail(`bucket ${bucket} (from the contract) does not exist`);
    throw err;
  }
}

async function secret(s: PlatformSecret, sm: SecretsManagerClient): Promise<ProbeOutcome> {
  try {
    const meta = await sm.send(new DescribeSecretCommand({ SecretId: s.name }));
    const current = Object.values(meta.VersionIdsToStages ?? {}).some((stages) =>
      stages.includes('AWSCURRENT'),
    );
    if (!current) return fail('the secret has no current (AWSCURRENT) version');
  } catch (err) {
    if (isAwsError(err, 'ResourceNotFoundException')) return fail('the secret does not exist');
    throw err;
  }
  const value = await sm.send(new GetSecretValueCommand({ SecretId: s.name, VersionStage: 'AWSCURRENT' }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.SecretString ?? '');
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return fail('the current value is not a JSON object');
  const record = parsed as Record<string, unknown>;
  const missing = s.keys.filter((k) => record[k] === undefined);
  if (missing.length > 0)
    return fail(`the current value lacks the key${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  // Never print a value: name the key only.
  const placeholders = s.keys.filter((k) => PLACEHOLDER.test(String(record[k]).trim()));
  if (placeholders.length > 0)
    return fail(
      `the key${placeholders.length > 1 ? 's' : ''} ${placeholders.join(', ')} hold${placeholders.length > 1 ? '' : 's'} a placeholder value`,
    );
  return pass('current version, all keys set');
}
