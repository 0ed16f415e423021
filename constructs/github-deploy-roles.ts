import { Duration, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CiConfig, EnvironmentName } from '../lib/config';

export interface GithubDeployRolesProps {
  readonly env: EnvironmentName;
  readonly ci: CiConfig;
  /** Role names: `<prefix>-ci-readonly` and `<prefix>-ci-deploy`. */
  readonly roleNamePrefix: string;
}

const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/**
 * GitHub Actions OIDC provider and the two CI roles (DESIGN §2):
 * - `readonly`: pull requests of the configured repository; synth, diff and preflight.
 * - `deploy`: only the configured branches; assumes the CDK bootstrap roles to deploy.
 *
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 */
export class GithubDeployRoles extends Construct {
  public readonly readOnlyRole: iam.Role;
  public readonly deployRole: iam.Role;

  constructor(scope: Construct, id: string, props: GithubDeployRolesProps) {
    super(scope, id);
    const provider = new iam.OidcProviderNative(this, 'GithubOidc', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIds: ['sts.amazonaws.com'],
    });
    const principal = (subjects: string[]) =>
      new iam.OpenIdConnectPrincipal(provider, {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: subjects },
      });
    const repo = props.ci.repository;
    const account = Stack.of(this).account;
    const bootstrapRole = (kind: string) => `arn:aws:iam::${account}:role/cdk-*-${kind}-role-${account}-*`;

    this.readOnlyRole = new iam.Role(this, 'ReadOnly', {
      roleName: `${props.roleNamePrefix}-ci-readonly`,
      description: `goldenpath ${props.env}: pull-request synth, diff and preflight from ${repo}`,
      assumedBy: principal([`repo:${repo}:pull_request`]),
      maxSessionDuration: Duration.hours(1),
    });
    // Reads through the CDK bootstrap lookup role (cdk diff) and the services preflight asks.
    this.readOnlyRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeCdkLookupRole',
        actions: ['sts:AssumeRole'],
        resources: [bootstrapRole('lookup')],
      }),
    );
    this.readOnlyRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PreflightReads',
        actions: [
          'ssm:GetParametersByPath',
          'ssm:GetParameter',
          'route53:GetHostedZone',
          'rds:DescribeDBInstances',
          'secretsmanager:DescribeSecret',
          's3:ListBucket',
          'cloudformation:DescribeStacks',
        ],
        resources: ['*'],
      }),
    );

    this.deployRole = new iam.Role(this, 'Deploy', {
      roleName: `${props.roleNamePrefix}-ci-deploy`,
      description: `goldenpath ${props.env}: deploy from ${repo} branches ${props.ci.deployBranches.join(', ')}`,
      assumedBy: principal(props.ci.deployBranches.map((b) => `repo:${repo}:ref:refs/heads/${b}`)),
      maxSessionDuration: Duration.hours(2),
    });
    // CDK deploys through its bootstrap roles; this role can do nothing else by itself.
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeCdkBootstrapRoles',
        actions: ['sts:AssumeRole'],
        resources: ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map(bootstrapRole),
      }),
    );
  }
}
