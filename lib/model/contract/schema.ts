import type { Catalogue } from '../catalogue';
import type { EnvironmentConfig, EnvironmentName } from '../config';
import { CONTRACT_VERSION } from '../naming';
import {
  type FieldValue,
  capabilityFlags,
  fromConfig,
  lazyObject,
  perAz,
  secretArns,
  text,
  whenCapable,
} from './fields';

/** The key of the parameter that holds `CONTRACT_VERSION`, published first. */
export const CONTRACT_VERSION_KEY = 'schema-version';

/**
 * The contract (DESIGN §4), one row per field: the field's name in `FoundationContract`, and the
 * SSM key(s) it is published under. This table alone drives the writer (`flattenContract`, the
 * Foundation's `ContractParameters`), the reader (`buildContract`, a cluster's deploy-time
 * parameters) and the key list (`contractKeys`, preflight). Adding a field is one row; its
 * type follows, and the Foundation stack does not compile until it provides the value. Rows are
 * in publishing order.
 */
export const CONTRACT_FIELDS = {
  /** The environment; from config, not published. */
  env: fromConfig((config): EnvironmentName => config.name),
  vpcId: text('vpc/id'),
  vpcCidr: text('vpc/cidr'),
  hostedZoneId: text('zone/id'),
  hostedZoneName: text('zone/name'),
  logBucketName: text('log-bucket/name'),
  /** Managed policy that lets External Secrets read `goldenpath/<env>/*` (never the RDS master secret). */
  externalSecretsPolicyArn: text('iam/external-secrets-policy-arn'),
  /** From config, not published: the subnet keys are per AZ of this list. */
  availabilityZones: fromConfig((config): readonly string[] => config.availabilityZones),
  publicSubnetIds: perAz('subnets/public'),
  privateSubnetIds: perAz('subnets/private'),
  isolatedSubnetIds: perAz('subnets/isolated'),
  /** Secret ARNs keyed by secret id (`keycloak/admin`, `backstage/postgres`, ...); see `platformSecrets`. */
  secretArns: secretArns(),
  capabilities: capabilityFlags(),
  /** The platform database; `undefined` when the environment has none (`capabilities.database` false). */
  database: whenCapable('database', {
    endpoint: text('database/endpoint'),
    port: text('database/port'),
    /** Security group that the database admits on 5432; cluster nodes attach it. */
    clientSecurityGroupId: text('database/client-security-group-id'),
  }),
};

type Fields = typeof CONTRACT_FIELDS;

/**
 * What the Foundation provides to cluster stacks (DESIGN §4), typed from `CONTRACT_FIELDS`.
 *
 * The Foundation stack exposes it with real values (tokens of its own resources); a cluster stack
 * gets one from `readFoundationContract` whose values are SSM parameters resolved at deploy time.
 * Either way the shape is the same, so a cluster cannot depend on something the Foundation
 * does not publish.
 */
export type FoundationContract = { readonly [K in keyof Fields]: FieldValue<Fields[K]> };

/** The platform database part of the contract. */
export type DatabaseContract = NonNullable<FoundationContract['database']>;

const FIELD_NAMES = Object.keys(CONTRACT_FIELDS) as (keyof Fields)[];

/** Every key the Foundation of `config` publishes for the apps of `catalogue`, in publishing order. */
export function contractKeys(config: EnvironmentConfig, catalogue: Catalogue): string[] {
  return [
    CONTRACT_VERSION_KEY,
    ...FIELD_NAMES.flatMap((name) => CONTRACT_FIELDS[name].keys(config, catalogue)),
  ];
}

/** The contract as `key -> value` pairs in publishing order: what the Foundation publishes. */
export function flattenContract(contract: FoundationContract): Record<string, string> {
  const entries = FIELD_NAMES.flatMap((name) =>
    (CONTRACT_FIELDS[name].write as (value: unknown, c: FoundationContract) => [string, string][])(
      contract[name],
      contract,
    ),
  );
  return Object.fromEntries([[CONTRACT_VERSION_KEY, String(CONTRACT_VERSION)], ...entries]);
}

/**
 * The contract of `config` for the apps of `catalogue`, with every published value taken from
 * `value(key)`, each on first use: the reader passes an SSM lookup, so a cluster stack reads only
 * what it uses.
 */
export function buildContract(
  config: EnvironmentConfig,
  catalogue: Catalogue,
  value: (key: string) => string,
): FoundationContract {
  return lazyObject(
    Object.fromEntries(
      FIELD_NAMES.map((name) => [name, () => CONTRACT_FIELDS[name].read(config, catalogue, value)]),
    ) as {
      [K in keyof Fields]: () => FoundationContract[K];
    },
  );
}
