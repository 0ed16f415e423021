import { ArnFormat, Duration, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CiConfig, EnvironmentName } from '../../lib/model/config';
import { acknowledgeNag } from '../../lib/stacks/nag';

export interface GithubDeployRolesProps {
  readonly env: EnvironmentName;
  readonly ci: CiConfig;
  /** Role names: `<prefix>-ci-readonly` and `<prefix>-ci-deploy`. */
  readonly roleNamePrefix: string;
}

const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** The GitHub environment `ephemeral.yml` runs builds in. */
export const EPHEMERAL_GITHUB_ENVIRONMENT = 'ephemeral';

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
    // What preflight reads, each scoped to this environment's names.
    const stack = Stack.of(this);
    const env = props.env;
    this.readOnlyRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PreflightReads',
        actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
        resources: [
          stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `goldenpath/${env}/*` }),
        ],
      }),
    );
    this.readOnlyRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PreflightDescribe',
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        resources: [
          stack.formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `goldenpath/${env}/*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    // Only the database provisioner reads the RDS master secret (DESIGN §7); preflight does not need it.
    this.readOnlyRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'NeverTheMasterSecret',
        effect: iam.Effect.DENY,
        actions: ['secretsmanager:GetSecretValue'],
        resources: [
          stack.formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `goldenpath/${env}/rds/*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    this.readOnlyRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PreflightDescribeAccountLevel',
        // These Describe/Get/List calls have no resource-level permissions (or are asked by
        // name before the id is known), so they can only be granted on "*".
        actions: [
          'route53:GetHostedZone',
          'route53:ListHostedZonesByName',
          'rds:DescribeDBInstances',
          's3:ListBucket',
          'cloudformation:DescribeStacks',
        ],
        resources: ['*'],
      }),
    );

    this.deployRole = new iam.Role(this, 'Deploy', {
      roleName: `${props.roleNamePrefix}-ci-deploy`,
      description: `goldenpath ${props.env}: deploy from ${repo} branches ${props.ci.deployBranches.join(', ')} and the ephemeral environment`,
      // Ephemeral builds of pull requests run as jobs of the GitHub environment `ephemeral`
      // (its protection rules decide who may start one); their OIDC subject names it.
      assumedBy: principal([
        ...props.ci.deployBranches.map((b) => `repo:${repo}:ref:refs/heads/${b}`),
        `repo:${repo}:environment:${EPHEMERAL_GITHUB_ENVIRONMENT}`,
      ]),
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

    // The bootstrap role names carry the CDK qualifier and region, hence the wildcards; both
    // are pinned to this account.
    for (const [role, kinds] of [
      [this.readOnlyRole, ['lookup']],
      [this.deployRole, ['deploy', 'file-publishing', 'image-publishing', 'lookup']],
    ] as const) {
      for (const kind of kinds) {
        acknowledgeNag(
          role,
          `AwsSolutions-IAM5[Resource::arn:aws:iam::${account}:role/cdk-*-${kind}-role-${account}-*]`,
          `Assumes only this account's CDK bootstrap ${kind} role; the qualifier and region parts of its name vary.`,
        );
      }
    }
    acknowledgeNag(
      this.readOnlyRole,
      `AwsSolutions-IAM5[Resource::arn:aws:ssm:${stack.region}:${account}:parameter/goldenpath/${env}/*]`,
      "Preflight reads every parameter of this environment's contract, and nothing outside it.",
    );
    acknowledgeNag(
      this.readOnlyRole,
      `AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:${stack.region}:${account}:secret:goldenpath/${env}/*]`,
      'Preflight checks the keys of every platform secret of this environment.',
    );
    acknowledgeNag(
      this.readOnlyRole,
      'AwsSolutions-IAM5[Resource::*]',
      'GetHostedZone, ListHostedZonesByName, DescribeDBInstances, ListBucket and DescribeStacks are read-only lookups preflight makes before it knows the resource ids.',
    );
  }
}
