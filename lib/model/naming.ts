import type { BuildId } from './build-id';
import type { CiPurpose } from './ci-identities';
import type { EnvironmentName } from './config';
import { UserInputError } from './errors';

// The one home of physical names (DESIGN §6) and of the patterns IAM policies scope on: a policy
// and the code it guards derive their names from the same function here. This module imports
// nothing from aws-cdk-lib: the Lambda handlers bundle it.

const PROJECT = 'goldenpath';

/** What AWS accepts for each kind of name this app makes. */
interface NameRule {
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
  /** The allowed characters, in words, for the error message. */
  readonly allowed: string;
}

const IAM_CHARS = /^[\w+=,.@-]+$/;
const IAM_ALLOWED = 'letters, digits and + = , . @ _ -';
const ECR_PART = '[a-z0-9]+(?:[._-][a-z0-9]+)*';

/** AWS limits of the names this app makes (DESIGN §6; each service's API reference). */
// prettier-ignore
export const NAME_RULES = {
  stack:          { min: 1, max: 128, pattern: /^[A-Za-z][A-Za-z0-9-]*$/, allowed: 'letters, digits and hyphens, starting with a letter' },
  eksCluster:     { min: 1, max: 100, pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/, allowed: 'letters, digits, _ and -, starting with a letter or digit' },
  iamRole:        { min: 1, max: 64, pattern: IAM_CHARS, allowed: IAM_ALLOWED },
  iamPolicy:      { min: 1, max: 128, pattern: IAM_CHARS, allowed: IAM_ALLOWED },
  lambdaFunction: { min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, allowed: 'letters, digits, _ and -' },
  dnsLabel:       { min: 1, max: 63, pattern: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, allowed: 'lower-case letters, digits and hyphens, starting and ending with a letter or digit' },
  rdsInstance:    { min: 1, max: 63, pattern: /^[a-z](?!.*--)([a-z0-9-]*[a-z0-9])?$/, allowed: 'lower-case letters, digits and single hyphens, starting with a letter, not ending with a hyphen' },
  s3Bucket:       { min: 3, max: 63, pattern: /^[a-z0-9](?!.*\.\.)[a-z0-9.-]*[a-z0-9]$/, allowed: 'lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit' },
  secret:         { min: 1, max: 512, pattern: /^[A-Za-z0-9/_+=.@-]+$/, allowed: 'letters, digits and / _ + = . @ -' },
  ecrRepository:  { min: 2, max: 256, pattern: new RegExp(`^${ECR_PART}(?:/${ECR_PART})*$`), allowed: 'lower-case letters and digits, separated by single . _ - or /' },
  alarm:          { min: 1, max: 255, pattern: /^[^\u0000-\u001f\u007f]+$/, allowed: 'printable characters' },
  logGroup:       { min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, allowed: 'letters, digits and . - _ / #' },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** The longest name of each kind. */
export const NAME_LIMITS = Object.fromEntries(
  Object.entries(NAME_RULES).map(([kind, rule]) => [kind, rule.max]),
) as { readonly [K in NameKind]: (typeof NAME_RULES)[K]['max'] };

/** A CDK token in a string (`${Token[...]}`): its value is only known at deploy time. */
const TOKEN = /\$\{Token\[/;

/**
 * Returns `name` if AWS accepts it as a name of `kind`; throws naming the name, the kind and the
 * rule it breaks otherwise. A name is never truncated (a cut name can collide with another
 * build's). Names holding a CDK token are passed through: AWS checks them at deploy time.
 *
 * @throws UserInputError for a name that is too long, too short or has characters AWS refuses
 */
export function checkName(kind: NameKind, name: string): string {
  if (TOKEN.test(name)) return name;
  const rule: NameRule = NAME_RULES[kind];
  const problems: string[] = [];
  if (name.length > rule.max || name.length < rule.min) {
    problems.push(
      `${name.length} characters; ${kind} names have ${rule.min === 1 ? 'at most' : `${rule.min} to`} ${rule.max}`,
    );
  }
  if (!rule.pattern.test(name)) problems.push(`${kind} names allow ${rule.allowed}`);
  if (problems.length > 0) throw new UserInputError(`Invalid ${kind} name "${name}"`, problems);
  return name;
}

/** Which deployment a name belongs to: the Foundation, the persistent cluster, or one build. */
export type Deployment =
  | { readonly env: EnvironmentName; readonly kind: 'foundation' }
  | { readonly env: EnvironmentName; readonly kind: 'persistent' }
  | { readonly env: EnvironmentName; readonly kind: 'ephemeral'; readonly buildId: BuildId };

/** A deployment of the cluster plane: the environment's persistent cluster or one build's. */
export type ClusterDeployment = Extract<Deployment, { readonly kind: 'persistent' | 'ephemeral' }>;

/** `goldenpath-<env>`: the prefix of every environment-wide name (roles, policies). */
export function envPrefix(env: EnvironmentName): string {
  return `${PROJECT}-${env}`;
}

/**
 * The GitHub OIDC deploy role of an environment, `goldenpath-<env>-ci-deploy` (the Foundation's
 * `GithubDeployRoles` makes it; clusters grant it an access entry by name, not by import).
 */
export function ciDeployRoleName(env: EnvironmentName): string {
  return ciRoleName(env, 'deploy');
}

/** `goldenpath-<env>-ci-<purpose>`: the GitHub OIDC role of one CI purpose (`lib/model/ci-identities.ts`). */
export function ciRoleName(env: EnvironmentName, purpose: CiPurpose): string {
  return checkName('iamRole', `${envPrefix(env)}-ci-${purpose}`);
}

/** The managed policy External Secrets reads the environment's secrets with. */
export function externalSecretsReadPolicyName(env: EnvironmentName): string {
  return checkName('iamPolicy', `${envPrefix(env)}-external-secrets-read`);
}

/** `goldenpath-<env>-foundation`, `goldenpath-<env>-persistent` or `goldenpath-<env>-b-<buildId>`. */
export function deploymentPrefix(d: Deployment): string {
  switch (d.kind) {
    case 'foundation':
      return `${envPrefix(d.env)}-foundation`;
    case 'persistent':
      return `${envPrefix(d.env)}-persistent`;
    case 'ephemeral':
      return `${buildStackPrefix(d.env)}${d.buildId}`;
  }
}

/** The CloudFormation stack name of a deployment. */
export function stackName(d: Deployment): string {
  return physicalName(d, 'stack');
}

/**
 * The one helper for physical names: `<deployment prefix>[-<suffix>]`, checked against the rule
 * of its kind (`checkName`). Build ids are at most 20 characters and env names at most 7, so the
 * longest prefix (`goldenpath-staging-b-` + 20 = 41) leaves room for a suffix in every kind.
 */
export function physicalName(d: Deployment, kind: NameKind, suffix?: string): string {
  return checkName(kind, suffix ? `${deploymentPrefix(d)}-${suffix}` : deploymentPrefix(d));
}

/**
 * The EKS cluster name of a cluster deployment: `goldenpath-<env>-persistent` or
 * `goldenpath-<env>-b-<buildId>`. The load balancer controller and the in-tree cloud provider tag
 * what they create with it, so the teardown sweeper finds a build's leftovers by it.
 */
export function clusterName(d: ClusterDeployment): string {
  return physicalName(d, 'eksCluster');
}

/** ExternalDNS TXT owner id: `goldenpath-<env>` or `goldenpath-<env>-<buildId>` (DESIGN §5). */
export function dnsOwnerId(d: ClusterDeployment): string {
  return d.kind === 'ephemeral' ? `${envPrefix(d.env)}-${d.buildId}` : envPrefix(d.env);
}

// Build stacks: the reaper's IAM policy and its runtime filter both come from `buildStacks`.

/** `goldenpath-<env>-b-`: every build stack's name starts with it, and nothing else's does. */
export function buildStackPrefix(env: EnvironmentName): string {
  return `${envPrefix(env)}-b-`;
}

/** The environment's build stacks: one IAM name pattern, and the test the runtime applies. */
export interface BuildStacks {
  /** `goldenpath-<env>-b-*`, for a policy's stack ARN (`stack/<pattern>/*`). */
  readonly pattern: string;
  /** Whether a stack name is one of them: `pattern` evaluated as IAM evaluates it. */
  readonly matches: (stackName: string) => boolean;
}

export function buildStacks(env: EnvironmentName): BuildStacks {
  const pattern = `${buildStackPrefix(env)}*`;
  return { pattern, matches: (name) => matchesNamePattern(pattern, name) };
}

/**
 * IAM's wildcard match of a whole name: `*` any run of characters, `?` one character, the rest
 * literal and case-sensitive.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */
export function matchesNamePattern(pattern: string, name: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(name);
}

/**
 * The CDK bootstrap's CloudFormation execution role, any qualifier: `cdk deploy` gives it to
 * every stack, so deleting a stack passes it again.
 */
export function cdkExecutionRolePattern(account: string, region: string): string {
  return `cdk-*-cfn-exec-role-${account}-${region}`;
}

// The Foundation contract: SSM parameters under `/goldenpath/<env>/foundation/v<N>`.

/**
 * The contract's schema version: the path segment `v1` of every parameter, and the value of the
 * `schema-version` parameter preflight checks. A breaking change publishes `/v2/...` next to
 * `/v1/...` and clusters move over one at a time.
 */
export const CONTRACT_VERSION = 1;

/** The SSM path every contract parameter of `env` is under: `/goldenpath/<env>/foundation/v1`. */
export function contractPath(env: EnvironmentName): string {
  return `/${PROJECT}/${env}/foundation/v${CONTRACT_VERSION}`;
}

/** The SSM parameter path of one contract key: `/goldenpath/<env>/foundation/v1/<key>`. */
export function contractParameterName(env: EnvironmentName, key: string): string {
  return `${contractPath(env)}/${key}`;
}

// Secrets: everything of an environment lives under `goldenpath/<env>/`.

/** `goldenpath/<env>`: the namespace of the environment's secrets. */
export function secretNamespace(env: EnvironmentName): string {
  return `${PROJECT}/${env}`;
}

/** Secrets Manager name of a secret id in an environment: `goldenpath/<env>/<id>`. */
export function secretName(env: EnvironmentName, id: string): string {
  return checkName('secret', `${secretNamespace(env)}/${id}`);
}

/** Every secret of the environment, `goldenpath/<env>/*`, as an IAM resource name pattern. */
export function secretNamePattern(env: EnvironmentName): string {
  return `${secretNamespace(env)}/*`;
}

const MASTER_SECRET_ID = 'rds/master';

/** The master secret's name; it is deliberately not a `PlatformSecret`, so no app can be given it. */
export function masterSecretName(env: EnvironmentName): string {
  return secretName(env, MASTER_SECRET_ID);
}

/** The RDS secrets (`goldenpath/<env>/rds/*`) that no app may read. */
export function masterSecretPattern(env: EnvironmentName): string {
  return `${secretNamespace(env)}/${MASTER_SECRET_ID.split('/')[0]}/*`;
}

// The Foundation's other physical names.

/** ECR repositories of an environment are `goldenpath/<env>/<name>`. */
export function ecrRepositoryName(env: EnvironmentName, name: string): string {
  return checkName('ecrRepository', `${PROJECT}/${env}/${name}`);
}

/** The long-term log bucket; account-qualified because bucket names are global. */
export function logBucketName(env: EnvironmentName, account: string): string {
  return checkName('s3Bucket', `${deploymentPrefix({ env, kind: 'foundation' })}-logs-${account}`);
}

/** The bucket that receives a bucket's S3 server access logs. */
export function accessLogsBucketName(bucketName: string): string {
  return checkName('s3Bucket', `${bucketName}-access`);
}

/** The platform database's RDS instance identifier. */
export function databaseInstanceIdentifier(env: EnvironmentName): string {
  return physicalName({ env, kind: 'foundation' }, 'rdsInstance', 'postgres');
}

/** The log group RDS exports an instance's `log` to (RDS picks the name; this app makes the group first). */
export function rdsLogGroupName(instanceIdentifier: string, log: string): string {
  return checkName('logGroup', `/aws/rds/instance/${instanceIdentifier}/${log}`);
}

/**
 * The build reaper's log group: named, so the nightly CI role's read policy and the reaper report
 * (`.ci/reaper-report.sh`, which finds it among the Foundation's resources) agree on it.
 */
export function buildReaperLogGroupName(env: EnvironmentName): string {
  return checkName('logGroup', `/goldenpath/${env}/build-reaper`);
}

/** The database provisioner Lambda. */
export function databaseProvisionerFunctionName(env: EnvironmentName): string {
  return physicalName({ env, kind: 'foundation' }, 'lambdaFunction', 'database-provisioner');
}

/** The prefix of the platform database's alarm names. */
export function databaseAlarmPrefix(env: EnvironmentName): string {
  return `${deploymentPrefix({ env, kind: 'foundation' })}-rds`;
}

/** One alarm's name: `<prefix>-<key>`. */
export function alarmName(prefix: string, key: string): string {
  return checkName('alarm', `${prefix}-${key}`);
}
