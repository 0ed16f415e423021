import { parseBuildId } from '../../../lib/model/build-id';
import { ENVIRONMENT_NAMES } from '../../../lib/model/config';
import {
  type Deployment,
  NAME_LIMITS,
  accessLogsBucketName,
  alarmName,
  buildStacks,
  cdkExecutionRolePattern,
  checkName,
  ciDeployRoleName,
  clusterName,
  databaseAlarmPrefix,
  databaseInstanceIdentifier,
  databaseProvisionerFunctionName,
  dnsOwnerId,
  ecrRepositoryName,
  externalSecretsReadPolicyName,
  logBucketName,
  masterSecretName,
  masterSecretPattern,
  matchesNamePattern,
  physicalName,
  rdsLogGroupName,
  secretName,
  secretNamePattern,
  stackName,
} from '../../../lib/model/naming';

const longest = parseBuildId('x'.repeat(20));

describe('physical names', () => {
  test('stack names carry the environment and the build', () => {
    expect([
      stackName({ env: 'dev', kind: 'foundation' }),
      stackName({ env: 'prod', kind: 'persistent' }),
      stackName({ env: 'dev', kind: 'ephemeral', buildId: parseBuildId('pr-123') }),
    ]).toEqual(['goldenpath-dev-foundation', 'goldenpath-prod-persistent', 'goldenpath-dev-b-pr-123']);
  });

  test.each(ENVIRONMENT_NAMES)(
    '%s: the longest build id fits every limit with room for a 21-character suffix',
    (env) => {
      const d: Deployment = { env, kind: 'ephemeral', buildId: longest };
      for (const kind of Object.keys(NAME_LIMITS) as (keyof typeof NAME_LIMITS)[]) {
        expect(physicalName(d, kind, 'x'.repeat(21)).length).toBeLessThanOrEqual(NAME_LIMITS[kind]);
      }
      expect(clusterName(d)).toBe(`goldenpath-${env}-b-${longest}`);
    },
  );

  test('a name over its limit throws instead of being truncated (a cut name could collide)', () => {
    const d: Deployment = { env: 'staging', kind: 'ephemeral', buildId: longest };
    expect(() => physicalName(d, 'iamRole', 'y'.repeat(23))).toThrow(
      `Invalid iamRole name "goldenpath-staging-b-xxxxxxxxxxxxxxxxxxxx-${'y'.repeat(23)}": 65 characters; iamRole names have at most 64`,
    );
  });

  test('names of different builds never coincide, even when one id is a prefix of another', () => {
    const names = ['1', '10', '1-0'].map((id) =>
      physicalName({ env: 'dev', kind: 'ephemeral', buildId: parseBuildId(id) }, 'iamRole', 'edns'),
    );
    expect(new Set(names).size).toBe(3);
  });

  test('every Foundation name of every environment, literally', () => {
    expect(
      ENVIRONMENT_NAMES.map((env) => [
        ciDeployRoleName(env),
        externalSecretsReadPolicyName(env),
        secretName(env, 'keycloak/admin'),
        secretNamePattern(env),
        masterSecretName(env),
        masterSecretPattern(env),
        ecrRepositoryName(env, 'payments-api'),
        logBucketName(env, '123456789012'),
        databaseInstanceIdentifier(env),
        databaseProvisionerFunctionName(env),
        databaseAlarmPrefix(env),
        buildStacks(env).pattern,
      ]),
    ).toEqual(
      ENVIRONMENT_NAMES.map((env) => [
        `goldenpath-${env}-ci-deploy`,
        `goldenpath-${env}-external-secrets-read`,
        `goldenpath/${env}/keycloak/admin`,
        `goldenpath/${env}/*`,
        `goldenpath/${env}/rds/master`,
        `goldenpath/${env}/rds/*`,
        `goldenpath/${env}/payments-api`,
        `goldenpath-${env}-foundation-logs-123456789012`,
        `goldenpath-${env}-foundation-postgres`,
        `goldenpath-${env}-foundation-database-provisioner`,
        `goldenpath-${env}-foundation-rds`,
        `goldenpath-${env}-b-*`,
      ]),
    );
    expect(accessLogsBucketName('goldenpath-dev-foundation-logs-123456789012')).toBe(
      'goldenpath-dev-foundation-logs-123456789012-access',
    );
    expect(rdsLogGroupName('goldenpath-dev-foundation-postgres', 'upgrade')).toBe(
      '/aws/rds/instance/goldenpath-dev-foundation-postgres/upgrade',
    );
    expect(alarmName('goldenpath-dev-foundation-rds', 'cpu-warning')).toBe(
      'goldenpath-dev-foundation-rds-cpu-warning',
    );
    expect(cdkExecutionRolePattern('123456789012', 'eu-west-2')).toBe(
      'cdk-*-cfn-exec-role-123456789012-eu-west-2',
    );
  });

  test('the DNS owner id names the environment and, for a build, the build', () => {
    expect([
      dnsOwnerId({ env: 'prod', kind: 'persistent' }),
      dnsOwnerId({ env: 'dev', kind: 'ephemeral', buildId: parseBuildId('26-01-23-01') }),
    ]).toEqual(['goldenpath-prod', 'goldenpath-dev-26-01-23-01']);
  });
});

describe('checkName', () => {
  test.each([
    ['s3Bucket', 'ab', 'Invalid s3Bucket name "ab": 2 characters; s3Bucket names have 3 to 63'],
    [
      's3Bucket',
      'Goldenpath-logs',
      'Invalid s3Bucket name "Goldenpath-logs": s3Bucket names allow lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit',
    ],
    [
      'ecrRepository',
      'goldenpath/dev/Payments',
      'Invalid ecrRepository name "goldenpath/dev/Payments": ecrRepository names allow lower-case letters and digits, separated by single . _ - or /',
    ],
    [
      'rdsInstance',
      'goldenpath--db',
      'Invalid rdsInstance name "goldenpath--db": rdsInstance names allow lower-case letters, digits and single hyphens, starting with a letter, not ending with a hyphen',
    ],
    [
      'lambdaFunction',
      `f${'n'.repeat(64)}`,
      `Invalid lambdaFunction name "f${'n'.repeat(64)}": 65 characters; lambdaFunction names have at most 64`,
    ],
    [
      'iamRole',
      'role with spaces',
      'Invalid iamRole name "role with spaces": iamRole names allow letters, digits and + = , . @ _ -',
    ],
  ] as const)('%s %j is refused with the rule it breaks', (kind, name, message) => {
    expect(() => checkName(kind, name)).toThrow(message);
  });

  test('reports length and characters together', () => {
    expect(() => checkName('dnsLabel', `-${'a'.repeat(63)}`)).toThrow(
      `Invalid dnsLabel name "-${'a'.repeat(63)}":\n  - 64 characters; dnsLabel names have at most 63\n  - dnsLabel names allow lower-case letters, digits and hyphens, starting and ending with a letter or digit`,
    );
  });

  test('a name holding a CDK token is left to AWS at deploy time', () => {
    const token = '${Token[AWS.AccountId.6]}';
    expect(checkName('s3Bucket', `logs-${token}`)).toBe(`logs-${token}`);
  });

  test('a config ECR name that is not a valid repository name fails where the name is made', () => {
    expect(() => ecrRepositoryName('dev', 'Payments')).toThrow(
      'Invalid ecrRepository name "goldenpath/dev/Payments"',
    );
  });
});

describe('build stacks: one pattern for the reaper policy and its runtime', () => {
  test.each([
    ['goldenpath-dev-b-pr-7', true],
    ['goldenpath-dev-b-26-01-23-01', true],
    ['goldenpath-dev-b-', true],
    ['goldenpath-dev-persistent', false],
    ['goldenpath-dev-foundation', false],
    ['goldenpath-dev-bb-pr-7', false],
    ['goldenpath-prod-b-pr-7', false],
    ['goldenpath-dev-B-pr-7', false],
    ['xgoldenpath-dev-b-pr-7', false],
    ['goldenpath-devb-pr-7', false],
  ])('dev: %s matches: %s', (name, expected) => {
    expect(buildStacks('dev').matches(name)).toBe(expected);
  });

  test('IAM wildcards: * any run, ? one character, everything else literal', () => {
    expect(matchesNamePattern('a*c', 'abbbc')).toBe(true);
    expect(matchesNamePattern('a?c', 'abc')).toBe(true);
    expect(matchesNamePattern('a?c', 'abbc')).toBe(false);
    expect(matchesNamePattern('a.c', 'abc')).toBe(false);
    expect(matchesNamePattern('a*', 'a\nb')).toBe(true);
  });
});
