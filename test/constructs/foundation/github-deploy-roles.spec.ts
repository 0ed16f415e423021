import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { PREFLIGHT_ACTIONS } from '../../../constructs/foundation/github-deploy-roles';
import { CI_PURPOSES, type CiPurpose, ciRoleName, ciSubject } from '../../../lib/model/ci-identities';
import { ENVIRONMENT_NAMES, type EnvironmentName } from '../../../lib/model/config';
import { buildReaperLogGroupName } from '../../../lib/model/naming';
import { buildTestApp, sharedTestApp, templateOf, userInputMessage } from '../../util';
import { ACCOUNT, REGION, type RolePolicies, decide, mayAssume, roleOf } from '../iam-simulator';

const ROOT = join(__dirname, '..', '..', '..');
const REPO = 'goldenpath-idp/goldenpath-cdk';
const BUILDS: readonly EnvironmentName[] = ['dev', 'test'];

function foundation(env: EnvironmentName): Template {
  return templateOf(sharedTestApp({ env }).foundation);
}
const ciRole = (env: EnvironmentName, purpose: CiPurpose): RolePolicies =>
  roleOf(foundation(env), { roleName: ciRoleName(env, purpose) });

/**
 * The IAM action of each AWS call the CI steps make, by SDK command (preflight) or CLI command
 * (the shell scripts). A call missing here fails the derivation below.
 */
const IAM_ACTION_OF: Record<string, string> = {
  GetParametersByPathCommand: 'ssm:GetParametersByPath',
  GetHostedZoneCommand: 'route53:GetHostedZone',
  DescribeDBInstancesCommand: 'rds:DescribeDBInstances',
  HeadBucketCommand: 's3:ListBucket',
  DescribeSecretCommand: 'secretsmanager:DescribeSecret',
  GetSecretValueCommand: 'secretsmanager:GetSecretValue',
  'eks update-kubeconfig': 'eks:DescribeCluster',
  'cloudformation describe-stack-resources': 'cloudformation:DescribeStackResources',
  'logs filter-log-events': 'logs:FilterLogEvents',
};

/** The IAM actions of the AWS calls a source file makes, read from the file itself. */
function callsOf(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const calls = path.endsWith('.ts')
    ? [...text.matchAll(/\bnew (\w+Command)\(/g)].map((m) => m[1])
    : [...text.matchAll(/^\s*(?:\w+=\$\()?aws ([a-z0-9-]+ [a-z0-9-]+)/gm)].map((m) => m[1]);
  const unknown = calls.filter((c) => IAM_ACTION_OF[c] === undefined);
  if (unknown.length > 0) throw new Error(`${path}: no IAM action known for ${unknown.join(', ')}`);
  return [...new Set(calls.map((c) => IAM_ACTION_OF[c]))];
}

const secret = (env: string, id: string) =>
  `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:goldenpath/${env}/${id}-AbCdEf`;
const stack = (name: string) => `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/0a1b2c`;
const cluster = (name: string) => `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${name}`;

/** Where each derived call goes, in dev. */
const CALL_RESOURCE: Record<string, string> = {
  'ssm:GetParametersByPath': `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/goldenpath/dev/foundation/v1`,
  'route53:GetHostedZone': 'arn:aws:route53:::hostedzone/Z0123456789',
  'rds:DescribeDBInstances': `arn:aws:rds:${REGION}:${ACCOUNT}:db:goldenpath-dev-db`,
  's3:ListBucket': `arn:aws:s3:::goldenpath-dev-foundation-logs-${ACCOUNT}`,
  'secretsmanager:DescribeSecret': secret('dev', 'keycloak/admin'),
  'secretsmanager:GetSecretValue': secret('dev', 'keycloak/admin'),
  'cloudformation:DescribeStackResources': stack('goldenpath-dev-foundation'),
  'logs:FilterLogEvents': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${buildReaperLogGroupName('dev')}`,
};

describe('CI identities: who may assume which role', () => {
  const subjects = [
    `repo:${REPO}:pull_request`,
    `repo:${REPO}:ref:refs/heads/main`,
    `repo:${REPO}:ref:refs/heads/feature`,
    `repo:${REPO}:environment:ephemeral`,
    ...ENVIRONMENT_NAMES.map((e) => `repo:${REPO}:environment:${e}`),
    `repo:someone/fork:environment:prod`,
  ];

  const roles = ENVIRONMENT_NAMES.flatMap((env) =>
    CI_PURPOSES.filter((p) => p !== 'build' || BUILDS.includes(env)).map((p) => [env, p] as const),
  );

  test.each(roles)('%s %s: exactly one GitHub OIDC subject may assume it', async (env, purpose) => {
    const { trust } = ciRole(env, purpose);
    const allowed: string[] = [];
    for (const sub of subjects) if ((await mayAssume(trust, sub)) === 'Allowed') allowed.push(sub);
    expect(allowed).toEqual([ciSubject(REPO, env, purpose)]);
  });

  test('a build role and the build boundary exist only where builds are allowed', () => {
    expect(roles.filter(([, p]) => p === 'build').map(([env]) => env)).toEqual(BUILDS);
    for (const env of ENVIRONMENT_NAMES) {
      const template = foundation(env);
      const names = Object.values(
        template.toJSON().Resources as Record<
          string,
          { Properties?: { RoleName?: string; ManagedPolicyName?: string } }
        >,
      )
        .flatMap((r) => [r.Properties?.RoleName, r.Properties?.ManagedPolicyName])
        .filter((n): n is string => typeof n === 'string' && /-(ci-build|build-boundary)$/.test(n));
      expect(names.sort()).toEqual(
        BUILDS.includes(env) ? [`goldenpath-${env}-build-boundary`, `goldenpath-${env}-ci-build`] : [],
      );
    }
  });

  test('a pull request reaches no role of staging or prod', async () => {
    for (const env of ['staging', 'prod'] as const)
      for (const purpose of ['deploy', 'nightly'] as const)
        expect(await mayAssume(ciRole(env, purpose).trust, `repo:${REPO}:pull_request`)).toBe(
          'ImplicitlyDenied',
        );
    expect(await mayAssume(ciRole('prod', 'deploy').trust, `repo:${REPO}:environment:prod`)).toBe('Allowed');
  });

  test('no pull-request read-only role is left', () => {
    for (const env of ENVIRONMENT_NAMES)
      expect(() => roleOf(foundation(env), { roleName: `goldenpath-${env}-ci-readonly` })).toThrow('no role');
  });

  test.each(['staging', 'prod'])('-c buildId on %s is refused at synth with one clear error', (env) => {
    expect(userInputMessage(() => buildTestApp({ env, buildId: 'pr-1' }))).toBe(
      `Builds are not allowed in this environment: -c buildId=pr-1 with -c env=${env}: environments.${env}.allowBuilds is false; run builds in an environment that allows them (dev, test by default), or synthesize ${env} without -c buildId`,
    );
  });
});

describe('CI identities: each role may make exactly the calls of its workflow steps', () => {
  const preflight = callsOf('lib/ops/preflight/probes.ts');
  const acceptance = callsOf('.ci/tier-acceptance.sh');
  const reaperReport = callsOf('.ci/reaper-report.sh');

  test('the calls, derived from the code', () => {
    expect(preflight).toEqual([...PREFLIGHT_ACTIONS]);
    expect(acceptance).toEqual(['eks:DescribeCluster']);
    expect(reaperReport).toEqual(['cloudformation:DescribeStackResources', 'logs:FilterLogEvents']);
  });

  /** Every action a role's Allow statements name. */
  const granted = (r: RolePolicies) =>
    [
      ...new Set(
        r.policies.flatMap((d) =>
          (d as { Statement: { Effect: string; Action: string | string[] }[] }).Statement.filter(
            (s) => s.Effect === 'Allow',
          ).flatMap((s) => [s.Action].flat()),
        ),
      ),
    ].sort();

  test('deploy: preflight, then cdk deploy through the default bootstrap roles, nothing else', async () => {
    const r = ciRole('dev', 'deploy');
    expect(granted(r)).toEqual([...preflight, 'sts:AssumeRole'].sort());
    for (const action of preflight)
      expect(await decide(r.policies, action, CALL_RESOURCE[action])).toBe('Allowed');
    const bootstrap = (q: string, kind: string) =>
      `arn:aws:iam::${ACCOUNT}:role/cdk-${q}-${kind}-role-${ACCOUNT}-${REGION}`;
    expect(await decide(r.policies, 'sts:AssumeRole', bootstrap('hnb659fds', 'deploy'))).toBe('Allowed');
    expect(await decide(r.policies, 'sts:AssumeRole', bootstrap('gpbuild', 'deploy'))).toBe(
      'ImplicitlyDenied',
    );
    expect(await decide(r.policies, 'secretsmanager:GetSecretValue', secret('dev', 'rds/master'))).toBe(
      'ExplicitlyDenied',
    );
    expect(await decide(r.policies, 'secretsmanager:GetSecretValue', secret('test', 'keycloak/admin'))).toBe(
      'ImplicitlyDenied',
    );
  });

  test('nightly: preflight, the persistent cluster acceptance, the reaper report; reads only', async () => {
    const r = ciRole('dev', 'nightly');
    expect(granted(r)).toEqual([...preflight, ...acceptance, ...reaperReport].sort());
    for (const action of [...preflight, ...reaperReport])
      expect(await decide(r.policies, action, CALL_RESOURCE[action])).toBe('Allowed');
    expect(await decide(r.policies, 'eks:DescribeCluster', cluster('goldenpath-dev-persistent'))).toBe(
      'Allowed',
    );
    expect(await decide(r.policies, 'eks:DescribeCluster', cluster('goldenpath-dev-b-pr-1'))).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await decide(r.policies, 'cloudformation:DescribeStackResources', stack('goldenpath-dev-persistent')),
    ).toBe('ImplicitlyDenied');
    expect(await decide(r.policies, 'secretsmanager:GetSecretValue', secret('dev', 'rds/master'))).toBe(
      'ExplicitlyDenied',
    );
  });

  test('build: its preflight, build stacks only, the build execution role, build clusters; no secret', async () => {
    const r = ciRole('dev', 'build');
    const p = r.policies;
    for (const action of ['ssm:GetParametersByPath', 'route53:GetHostedZone'])
      expect(await decide(p, action, CALL_RESOURCE[action])).toBe('Allowed');
    for (const action of ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'])
      expect(await decide(p, action, secret('dev', 'keycloak/admin'))).toBe('ImplicitlyDenied');
    for (const action of ['cloudformation:ExecuteChangeSet', 'cloudformation:DeleteStack']) {
      expect(await decide(p, action, stack('goldenpath-dev-b-pr-1'))).toBe('Allowed');
      for (const other of [
        'goldenpath-dev-persistent',
        'goldenpath-dev-foundation',
        'goldenpath-test-b-pr-1',
      ])
        expect(await decide(p, action, stack(other))).toBe('ImplicitlyDenied');
    }
    const exec = `arn:aws:iam::${ACCOUNT}:role/cdk-gpbuild-cfn-exec-role-${ACCOUNT}-${REGION}`;
    const passTo = (service: string) => ({ 'iam:PassedToService': service });
    expect(await decide(p, 'iam:PassRole', exec, passTo('cloudformation.amazonaws.com'))).toBe('Allowed');
    expect(await decide(p, 'iam:PassRole', exec, passTo('lambda.amazonaws.com'))).toBe('ImplicitlyDenied');
    expect(
      await decide(
        p,
        'iam:PassRole',
        exec.replace('gpbuild', 'hnb659fds'),
        passTo('cloudformation.amazonaws.com'),
      ),
    ).toBe('ImplicitlyDenied');
    expect(await decide(p, 'eks:DescribeCluster', cluster('goldenpath-dev-b-pr-1'))).toBe('Allowed');
    expect(await decide(p, 'eks:DescribeCluster', cluster('goldenpath-dev-persistent'))).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await decide(
        p,
        'sts:AssumeRole',
        `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-${REGION}`,
      ),
    ).toBe('ImplicitlyDenied');
  });
});
