import type { EnvironmentConfig, EnvironmentName } from './config';
import { platformSecrets } from './secrets';

/**
 * The contract's schema version. It is part of every parameter path, so a breaking change
 * publishes `/v2/...` next to `/v1/...` and clusters move over one at a time.
 */
export const CONTRACT_VERSION = 'v1';

/** What the Foundation can provide; tiers declare which of these they need (DESIGN §3). */
export const FOUNDATION_CAPABILITIES = ['vpc', 'zone', 'iam', 'appSecrets', 'logBucket', 'database'] as const;
export type FoundationCapability = (typeof FOUNDATION_CAPABILITIES)[number];
export type FoundationCapabilities = { readonly [C in FoundationCapability]: boolean };

/** Subnet ids keyed by availability zone (the AZ list comes from config, never from a token). */
export type SubnetIdsByAz = { readonly [availabilityZone: string]: string };

/** The platform database, present only when the environment configures one. */
export interface DatabaseContract {
  readonly endpoint: string;
  readonly port: string;
  /** Security group that the database admits on 5432; cluster nodes attach it. */
  readonly clientSecurityGroupId: string;
}

/**
 * What the Foundation provides to cluster stacks (DESIGN §4).
 *
 * The Foundation stack exposes it with real values (tokens of its own resources); a cluster stack
 * gets one from `readFoundationContract` whose values are SSM parameters resolved at deploy time.
 * Either way the shape is the same, so a cluster cannot depend on something the Foundation
 * does not publish.
 */
export interface FoundationContract {
  readonly env: EnvironmentName;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  readonly publicSubnetIds: SubnetIdsByAz;
  readonly privateSubnetIds: SubnetIdsByAz;
  readonly isolatedSubnetIds: SubnetIdsByAz;
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
  readonly logBucketName: string;
  /** Secret ARNs keyed by secret id (`keycloak/admin`, `backstage/postgres`, ...); see `platformSecrets`. */
  readonly secretArns: { readonly [secretId: string]: string };
  /** Managed policy that lets External Secrets read `goldenpath/<env>/*` (never the RDS master secret). */
  readonly externalSecretsPolicyArn: string;
  readonly capabilities: FoundationCapabilities;
  /** @default - no database in this environment (`capabilities.database` is false) */
  readonly database?: DatabaseContract;
}

/** What the Foundation of `config` provides; known at synth time from config alone. */
export function foundationCapabilities(config: EnvironmentConfig): FoundationCapabilities {
  return {
    vpc: true,
    zone: true,
    iam: true,
    appSecrets: true,
    logBucket: true,
    database: config.database !== undefined,
  };
}

/** The SSM parameter path of one contract key: `/goldenpath/<env>/foundation/v1/<key>`. */
export function contractParameterName(env: EnvironmentName, key: string): string {
  return `/goldenpath/${env}/foundation/${CONTRACT_VERSION}/${key}`;
}

/** The value of the `schema-version` parameter; preflight checks it. */
export const CONTRACT_SCHEMA_VERSION = '1';

/**
 * Builds the contract for `config` with every string value taken from `value(key)`.
 *
 * This is the single description of the contract's keys: the Foundation publishes
 * `flattenContract(contract)`, the reader passes an SSM lookup as `value`, and preflight lists
 * `contractKeys(config)`. A test checks that the three agree.
 */
export function buildContract(config: EnvironmentConfig, value: (key: string) => string): FoundationContract {
  const subnets = (group: string): SubnetIdsByAz =>
    lazyObject(
      Object.fromEntries(config.availabilityZones.map((az) => [az, () => value(`subnets/${group}/${az}`)])),
    );
  const capabilities = foundationCapabilities(config);
  return lazyObject<FoundationContract>({
    env: () => config.name,
    vpcId: () => value('vpc/id'),
    vpcCidr: () => value('vpc/cidr'),
    availabilityZones: () => config.availabilityZones,
    publicSubnetIds: () => subnets('public'),
    privateSubnetIds: () => subnets('private'),
    isolatedSubnetIds: () => subnets('isolated'),
    hostedZoneId: () => value('zone/id'),
    hostedZoneName: () => value('zone/name'),
    logBucketName: () => value('log-bucket/name'),
    secretArns: () =>
      lazyObject(
        Object.fromEntries(platformSecrets(config).map((s) => [s.id, () => value(`secrets/${s.id}/arn`)])),
      ),
    externalSecretsPolicyArn: () => value('iam/external-secrets-policy-arn'),
    capabilities: () => capabilities,
    database: () =>
      capabilities.database
        ? lazyObject<DatabaseContract>({
            endpoint: () => value('database/endpoint'),
            port: () => value('database/port'),
            clientSecurityGroupId: () => value('database/client-security-group-id'),
          })
        : undefined,
  });
}

/**
 * An object whose fields are computed on first read. The reader uses it so that a cluster stack
 * gets an SSM template parameter only for the contract values it actually uses (an unused
 * parameter is a template warning, and each one counts against the 200-parameter limit).
 */
function lazyObject<T extends object>(fields: { readonly [K in keyof T]: () => T[K] }): T {
  const out = {} as T;
  for (const key of Object.keys(fields) as (keyof T)[]) {
    let cache: { readonly value: T[keyof T] } | undefined;
    Object.defineProperty(out, key, {
      enumerable: true,
      get: () => (cache ??= { value: fields[key]() }).value,
    });
  }
  return out;
}

/**
 * The contract as `key -> value` pairs, the form it is published in. Capability flags and the
 * schema version are included so preflight can read them back; the AZ list is config, not data.
 */
export function flattenContract(c: FoundationContract): Record<string, string> {
  const out: Record<string, string> = {
    'schema-version': CONTRACT_SCHEMA_VERSION,
    'vpc/id': c.vpcId,
    'vpc/cidr': c.vpcCidr,
    'zone/id': c.hostedZoneId,
    'zone/name': c.hostedZoneName,
    'log-bucket/name': c.logBucketName,
    'iam/external-secrets-policy-arn': c.externalSecretsPolicyArn,
  };
  for (const [group, ids] of [
    ['public', c.publicSubnetIds],
    ['private', c.privateSubnetIds],
    ['isolated', c.isolatedSubnetIds],
  ] as const) {
    for (const az of c.availabilityZones) out[`subnets/${group}/${az}`] = ids[az];
  }
  for (const [id, arn] of Object.entries(c.secretArns)) out[`secrets/${id}/arn`] = arn;
  for (const cap of FOUNDATION_CAPABILITIES) out[`capabilities/${cap}`] = String(c.capabilities[cap]);
  if (c.database) {
    out['database/endpoint'] = c.database.endpoint;
    out['database/port'] = c.database.port;
    out['database/client-security-group-id'] = c.database.clientSecurityGroupId;
  }
  return out;
}

/** Every key the Foundation of `config` publishes, in publishing order. */
export function contractKeys(config: EnvironmentConfig): string[] {
  return Object.keys(flattenContract(buildContract(config, (key) => key)));
}
