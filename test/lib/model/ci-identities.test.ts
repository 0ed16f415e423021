import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILD_BOOTSTRAP_QUALIFIER,
  CI_PURPOSES,
  DEPLOY_BOOTSTRAP_QUALIFIER,
  buildBoundaryPolicyName,
  ciClusterAccess,
  ciRoleName,
  ciSubject,
} from '../../../lib/model/ci-identities';
import { ENVIRONMENT_NAMES } from '../../../lib/model/config';
import { checkName, ciDeployRoleName } from '../../../lib/model/naming';

const REPO = 'goldenpath-idp/goldenpath-cdk';

describe('CI role names', () => {
  test('goldenpath-<env>-ci-<purpose>, the names the workflows assume', () => {
    expect(CI_PURPOSES.map((p) => ciRoleName('staging', p))).toEqual([
      'goldenpath-staging-ci-deploy',
      'goldenpath-staging-ci-build',
      'goldenpath-staging-ci-nightly',
    ]);
  });

  test('every role and the build boundary are names IAM accepts, in every environment', () => {
    for (const env of ENVIRONMENT_NAMES) {
      for (const purpose of CI_PURPOSES) {
        const name = ciRoleName(env, purpose);
        expect(checkName('iamRole', name)).toBe(name);
      }
      expect(checkName('iamPolicy', buildBoundaryPolicyName(env))).toBe(`goldenpath-${env}-build-boundary`);
    }
  });

  test.each(ENVIRONMENT_NAMES)(
    '%s: the deploy role is the one naming.ts names for the access entry',
    (env) => {
      expect(ciRoleName(env, 'deploy')).toBe(ciDeployRoleName(env));
    },
  );
});

describe('ciSubject: the one OIDC subject each role trusts', () => {
  test.each([
    ['deploy', 'prod', `repo:${REPO}:environment:prod`],
    ['deploy', 'dev', `repo:${REPO}:environment:dev`],
    // Every build, whatever its environment, runs in the `ephemeral` GitHub environment.
    ['build', 'dev', `repo:${REPO}:environment:ephemeral`],
    ['build', 'test', `repo:${REPO}:environment:ephemeral`],
    // The nightly job runs on the default branch, not in an environment.
    ['nightly', 'staging', `repo:${REPO}:ref:refs/heads/main`],
  ] as const)('%s in %s: %s', (purpose, env, subject) => {
    expect(ciSubject(REPO, env, purpose)).toBe(subject);
  });

  test('no two roles of one environment trust the same subject', () => {
    for (const env of ENVIRONMENT_NAMES) {
      const subjects = CI_PURPOSES.map((p) => ciSubject(REPO, env, p));
      expect(new Set(subjects).size).toBe(CI_PURPOSES.length);
    }
  });

  test('a deploy subject of one environment is never that of another', () => {
    const deploys = ENVIRONMENT_NAMES.map((env) => ciSubject(REPO, env, 'deploy'));
    expect(new Set(deploys).size).toBe(ENVIRONMENT_NAMES.length);
  });
});

describe('ciClusterAccess: which CI roles a cluster admits, by access entry id', () => {
  test('a build’s cluster: the build role only', () => {
    expect(ciClusterAccess('dev', 'ephemeral')).toEqual({ CiBuild: 'goldenpath-dev-ci-build' });
  });

  test('the persistent cluster: the deploy and nightly roles, never the build role', () => {
    expect(ciClusterAccess('prod', 'persistent')).toEqual({
      CiDeploy: 'goldenpath-prod-ci-deploy',
      CiNightly: 'goldenpath-prod-ci-nightly',
    });
  });
});

describe('bootstrap qualifiers', () => {
  test('builds have their own qualifier, and `cdk bootstrap` accepts it', () => {
    const template = readFileSync(
      join(
        require.resolve('aws-cdk/package.json'),
        '..',
        'lib',
        'api',
        'bootstrap',
        'bootstrap-template.yaml',
      ),
      'utf8',
    );
    const allowed = /\n {2}Qualifier:[\s\S]*?AllowedPattern: "([^"]+)"/.exec(template)?.[1];
    expect(allowed).toBeDefined();
    for (const qualifier of [BUILD_BOOTSTRAP_QUALIFIER, DEPLOY_BOOTSTRAP_QUALIFIER])
      expect(qualifier).toMatch(new RegExp(`^${allowed}$`));
    expect(BUILD_BOOTSTRAP_QUALIFIER).not.toBe(DEPLOY_BOOTSTRAP_QUALIFIER);
    expect(DEPLOY_BOOTSTRAP_QUALIFIER).toBe(/\n {2}Qualifier:[\s\S]*?Default: (\w+)/.exec(template)?.[1]);
  });
});
