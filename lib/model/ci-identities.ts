import type { EnvironmentName } from './config';
import { ciRoleName } from './naming';

/**
 * Who CI is in AWS (DESIGN §9a): one IAM role per purpose and environment, each trusted by exactly
 * one GitHub OIDC subject. The names here are shared by the Foundation (which makes the roles),
 * the cluster stacks (which grant them access entries) and the workflows (which assume them).
 */
export const CI_PURPOSES = ['deploy', 'build', 'nightly'] as const;
export type CiPurpose = (typeof CI_PURPOSES)[number];

/** The role names come from the one home for names. */
export { ciRoleName };

/** The GitHub environment ephemeral builds run in (`ephemeral.yml`). */
export const BUILD_GITHUB_ENVIRONMENT = 'ephemeral';

/**
 * The OIDC `sub` claim a role trusts. A deploy runs as a job of the GitHub environment named
 * after the AWS environment (staging and prod have required reviewers and allow only `main`); a
 * build as a job of the `ephemeral` environment; the nightly job on the default branch.
 *
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 */
export function ciSubject(repository: string, env: EnvironmentName, purpose: CiPurpose): string {
  switch (purpose) {
    case 'deploy':
      return `repo:${repository}:environment:${env}`;
    case 'build':
      return `repo:${repository}:environment:${BUILD_GITHUB_ENVIRONMENT}`;
    case 'nightly':
      return `repo:${repository}:ref:refs/heads/main`;
  }
}

/** The CDK bootstrap qualifier of the environment's own deploys (the CDK default). */
export const DEPLOY_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/**
 * The CDK bootstrap qualifier builds deploy with: its own asset bucket and a CloudFormation
 * execution role whose only policy is the build boundary (`buildBoundaryPolicyName`).
 */
export const BUILD_BOOTSTRAP_QUALIFIER = 'gpbuild';

/**
 * The managed policy that is both the build bootstrap's execution policy and the permissions
 * boundary of every role a build creates.
 */
export function buildBoundaryPolicyName(env: EnvironmentName): string {
  return `goldenpath-${env}-build-boundary`;
}

/**
 * The CI roles a cluster grants an access entry, by construct id: a build's cluster its build
 * role (the acceptance reads its Applications); the persistent cluster the deploy role and the
 * nightly role (which re-syncs the tier 2 and 3 Applications).
 */
export function ciClusterAccess(
  env: EnvironmentName,
  kind: 'persistent' | 'ephemeral',
): Readonly<Record<string, string>> {
  return kind === 'ephemeral'
    ? { CiBuild: ciRoleName(env, 'build') }
    : { CiDeploy: ciRoleName(env, 'deploy'), CiNightly: ciRoleName(env, 'nightly') };
}
