import { UserInputError, show } from './errors';
import { duplicates, parseCluster, parseDatabase, validCidr } from './config-sections';
import { FieldReader, isPlainObject } from './validate';

/** The environments this app knows. */
export const ENVIRONMENT_NAMES = ['dev', 'test', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** How much an ECR repository's images matter; decides mutability, encryption and retention. */
export const RISK_TIERS = ['low', 'medium', 'high'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

export interface EcrRepositoryConfig {
  /** Repository name, prefixed with `goldenpath/<env>/` when created. */
  readonly name: string;
  readonly riskTier: RiskTier;
}

export interface CiConfig {
  /**
   * GitHub repository `owner/name` whose workflows may assume the CI roles. Which jobs may is
   * fixed per role (`lib/model/ci-identities.ts`): deploys by GitHub environment, whose branch
   * rules are a repository setting, so no branch list here.
   */
  readonly repository: string;
}

/** One platform app's database, role and secret. */
export interface AppDatabaseConfig {
  /** App name; used in the secret path `goldenpath/<env>/<app>/postgres`. */
  readonly app: string;
  /** Database name. @default the app name */
  readonly databaseName: string;
  /** Login role name. @default the app name */
  readonly roleName: string;
  /** Whether the role may create databases (backstage plugins create their own). @default false */
  readonly createDb: boolean;
}

export interface DatabaseConfig {
  /** Instance class without the `db.` prefix, for example `t3.micro`. */
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly backupRetentionDays: number;
  /** Run a standby in a second AZ. @default true in staging and prod, false elsewhere */
  readonly multiAz: boolean;
  /** Existing SNS topic that receives the database alarms. @default - alarms have no action */
  readonly alarmTopicArn?: string;
  readonly apps: readonly AppDatabaseConfig[];
}

export interface NodeGroupConfig {
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly diskSizeGiB: number;
}

export interface ClusterConfig {
  /** IAM role (ARN) granted cluster-admin through an EKS access entry. */
  readonly adminRoleArn: string;
  /** CIDRs allowed to reach the public API endpoint; empty means a private endpoint only. */
  readonly publicEndpointCidrs: readonly string[];
  readonly persistentNodes: NodeGroupConfig;
  readonly ephemeralNodes: NodeGroupConfig;
}

export const REAPER_MODES = ['delete', 'report'] as const;
export type ReaperMode = (typeof REAPER_MODES)[number];

/** Everything one environment is configured with, validated. */
export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  readonly account: string;
  readonly region: string;
  readonly availabilityZones: readonly string[];
  readonly vpcCidr: string;
  readonly natGateways: number;
  readonly baseDomain: string;
  readonly owner: string;
  readonly ecrRepositories: readonly EcrRepositoryConfig[];
  readonly ci: CiConfig;
  /** @default - no platform database; tiers that need one cannot be selected */
  readonly database?: DatabaseConfig;
  readonly cluster: ClusterConfig;
  readonly reaperMode: ReaperMode;
  /** Whether ephemeral builds (`-c buildId`) may run here. @default true in dev and test */
  readonly allowBuilds: boolean;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const CIDR16_24 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(1[6-9]|2[0-4])$/;
const DOMAIN = /^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const OWNER = /^[A-Za-z0-9 ._:/=+@-]{1,128}$/;
const ECR_NAME = /^[a-z0-9]+([._-][a-z0-9]+)*$/;
const GITHUB_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * Validates `-c env=<name>`; `undefined` selects `dev`.
 *
 * @throws UserInputError naming the value and the allowed environments
 */
export function parseEnvironmentName(raw: unknown): EnvironmentName {
  const name = raw ?? 'dev';
  if (typeof name !== 'string' || !(ENVIRONMENT_NAMES as readonly string[]).includes(name)) {
    throw new UserInputError('Unknown environment', [
      `-c env=${typeof name === 'string' ? name : show(name)}: allowed environments: ${ENVIRONMENT_NAMES.join(', ')}`,
    ]);
  }
  return name as EnvironmentName;
}

/**
 * Validates the raw configuration file and returns the named environment's typed config.
 *
 * @param raw the parsed `config/environments.json`
 * @param envName the requested environment (`-c env=<name>`); `undefined` selects `dev`
 * @throws UserInputError naming every bad key, the value received and what is allowed
 */
export function loadEnvironmentConfig(raw: unknown, envName: unknown): EnvironmentConfig {
  const name = parseEnvironmentName(envName);
  const problems: string[] = [];
  const config = parseEnvironment(raw, name, problems);
  if (problems.length > 0 || !config) {
    throw new UserInputError(`Invalid configuration for environment "${name}"`, problems);
  }
  return config;
}

/** Every configured environment, validated (tests and tooling that span environments use this). */
export function loadAllEnvironmentConfigs(raw: unknown): EnvironmentConfig[] {
  return ENVIRONMENT_NAMES.map((name) => loadEnvironmentConfig(raw, name));
}

function parseEnvironment(
  raw: unknown,
  name: EnvironmentName,
  problems: string[],
): EnvironmentConfig | undefined {
  if (!isPlainObject(raw) || !isPlainObject(raw.environments)) {
    problems.push(
      `environments: received ${show(isPlainObject(raw) ? raw.environments : raw)}; expected an object keyed by environment name`,
    );
    return undefined;
  }
  const defaults = isPlainObject(raw.defaults) ? raw.defaults : {};
  const own = raw.environments[name];
  if (!isPlainObject(own)) {
    problems.push(
      `environments.${name}: received ${show(own)}; expected an object with this environment's settings`,
    );
    return undefined;
  }
  // Shallow merge: an environment replaces a default key as a whole, never half of it.
  const r = FieldReader.root({ ...defaults, ...own }, `environments.${name}`, problems)!;
  r.rejectUnknownKeys([
    'account',
    'region',
    'availabilityZones',
    'vpcCidr',
    'natGateways',
    'baseDomain',
    'owner',
    'ecrRepositories',
    'ci',
    'database',
    'cluster',
    'reaperMode',
    'allowBuilds',
  ]);

  const region = r.string('region', {
    pattern: REGION,
    expected: 'expected an AWS region such as eu-west-2',
  });
  const availabilityZones = r.stringList('availabilityZones', {
    pattern: /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/,
    expected: 'expected an availability zone such as eu-west-2a',
    min: 2,
    max: 6,
  });
  availabilityZones.forEach((az, i) => {
    if (region && !az.startsWith(region))
      r.report(`${r.at('availabilityZones')}[${i}]`, az, `must be in region ${region}`);
  });
  if (new Set(availabilityZones).size !== availabilityZones.length) {
    r.report(r.at('availabilityZones'), availabilityZones, 'each availability zone may appear once');
  }
  const natGateways = r.integer('natGateways', { min: 1, max: 6 });
  if (availabilityZones.length > 0 && natGateways > availabilityZones.length) {
    r.report(
      r.at('natGateways'),
      natGateways,
      `expected at most one per availability zone (${availabilityZones.length})`,
    );
  }

  return {
    name,
    account: r.string('account', { pattern: ACCOUNT, expected: 'expected a 12-digit AWS account id' }),
    region,
    availabilityZones,
    vpcCidr: r.string('vpcCidr', {
      pattern: validCidr(CIDR16_24),
      expected: 'expected an IPv4 CIDR from /16 to /24, such as 10.0.0.0/16',
    }),
    natGateways,
    baseDomain: r.string('baseDomain', {
      pattern: DOMAIN,
      expected: 'expected a lower-case DNS domain such as goldenpathidp.io',
    }),
    owner: r.string('owner', {
      pattern: OWNER,
      expected: 'expected 1-128 characters valid in an AWS tag value',
    }),
    ecrRepositories: parseEcr(r, problems),
    ci: parseCi(r),
    database:
      r.has('database') && r.object('database') !== undefined
        ? parseDatabase(r.object('database')!, problems, name)
        : undefined,
    cluster: parseCluster(r.object('cluster')),
    reaperMode: r.oneOf('reaperMode', REAPER_MODES, name === 'prod' ? 'report' : 'delete'),
    allowBuilds: r.boolean('allowBuilds', name === 'dev' || name === 'test'),
  };
}

function parseEcr(r: FieldReader, problems: string[]): EcrRepositoryConfig[] {
  const repos = r.array('ecrRepositories', (v, path) => {
    const e = FieldReader.root(v, path, problems);
    if (!e) return undefined;
    e.rejectUnknownKeys(['name', 'riskTier']);
    return {
      name: e.string('name', {
        pattern: ECR_NAME,
        expected: 'expected lower-case letters, digits and single . _ - separators',
      }),
      riskTier: e.oneOf('riskTier', RISK_TIERS),
    };
  });
  duplicates(repos.map((x) => x.name)).forEach((d) =>
    r.report(r.at('ecrRepositories'), d, 'each repository name may appear once'),
  );
  return repos;
}

function parseCi(r: FieldReader): CiConfig {
  const ci = r.object('ci');
  if (!ci) return { repository: '' };
  ci.rejectUnknownKeys(['repository']);
  return {
    repository: ci.string('repository', {
      pattern: GITHUB_REPO,
      expected: 'expected a GitHub repository as owner/name',
    }),
  };
}
