import { ArnFormat, Duration, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CiConfig, EnvironmentName } from '../../lib/model/config';
import {
  BUILD_BOOTSTRAP_QUALIFIER,
  type CiPurpose,
  DEPLOY_BOOTSTRAP_QUALIFIER,
  ciRoleName,
  ciSubject,
} from '../../lib/model/ci-identities';
import { buildReaperLogGroupName } from '../../lib/model/naming';
import { acknowledgeNag } from '../../lib/stacks/nag';

export interface GithubDeployRolesProps {
  readonly env: EnvironmentName;
  readonly ci: CiConfig;
  /** Whether this environment runs builds: only then is there a build role. */
  readonly allowBuilds: boolean;
}

const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/**
 * The AWS calls preflight (`lib/ops/preflight/probes.ts`) makes. A test derives the same list
 * from the SDK commands that file sends and holds the two equal.
 */
export const PREFLIGHT_ACTIONS = [
  'ssm:GetParametersByPath',
  'route53:GetHostedZone',
  'rds:DescribeDBInstances',
  's3:ListBucket',
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
] as const;

/**
 * The GitHub Actions OIDC provider and one role per CI purpose (DESIGN §9a), each trusted by one
 * OIDC subject (`ciSubject`) and allowed exactly the calls of the workflow steps that use it:
 * - `deploy` (`deploy-environment.yml`, GitHub environment `<env>`): preflight, then `cdk deploy`
 *   through the CDK bootstrap roles of the default qualifier.
 * - `build` (`ephemeral.yml`, GitHub environment `ephemeral`; only where builds are allowed):
 *   preflight of a build, deploy and destroy of `goldenpath-<env>-b-*` stacks with the build
 *   bootstrap's execution role, and `eks:DescribeCluster` of build clusters for the acceptance.
 * - `nightly` (`nightly.yml`, the default branch): preflight, the persistent cluster's acceptance
 *   and the reaper report; reads only.
 *
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 */
export class GithubDeployRoles extends Construct {
  public readonly roles: { readonly [P in CiPurpose]?: iam.Role };

  constructor(scope: Construct, id: string, props: GithubDeployRolesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { env } = props;
    const { account, region } = stack;
    const provider = new iam.OidcProviderNative(this, 'GithubOidc', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIds: ['sts.amazonaws.com'],
    });
    const arn = (service: string, resource: string, resourceName: string, colon = false) =>
      stack.formatArn({
        service,
        region: service === 'iam' ? '' : undefined,
        resource,
        resourceName,
        arnFormat: colon ? ArnFormat.COLON_RESOURCE_NAME : ArnFormat.SLASH_RESOURCE_NAME,
      });
    const role = (purpose: CiPurpose, cid: string, description: string, hours: number) =>
      new iam.Role(this, cid, {
        roleName: ciRoleName(env, purpose),
        description: `goldenpath ${env}: ${description}`,
        assumedBy: new iam.OpenIdConnectPrincipal(provider, {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
            [`${GITHUB_OIDC_HOST}:sub`]: ciSubject(props.ci.repository, env, purpose),
          },
        }),
        maxSessionDuration: Duration.hours(hours),
      });
    const allow = (r: iam.Role, sid: string, actions: string[], resources: string[], conditions?: object) =>
      r.addToPolicy(new iam.PolicyStatement({ sid, actions, resources, conditions: conditions as never }));

    const contract = arn('ssm', 'parameter', `goldenpath/${env}/foundation/*`);
    const preflight = (r: iam.Role, secrets: boolean) => {
      allow(r, 'PreflightContract', ['ssm:GetParametersByPath'], [contract]);
      allow(r, 'PreflightZone', ['route53:GetHostedZone'], ['arn:aws:route53:::hostedzone/*']);
      // DescribeDBInstances without an identifier (preflight finds the instance by endpoint).
      allow(r, 'PreflightDatabase', ['rds:DescribeDBInstances'], [arn('rds', 'db', '*', true)]);
      allow(r, 'PreflightLogBucket', ['s3:ListBucket'], [`arn:aws:s3:::goldenpath-${env}-foundation-logs-*`]);
      if (!secrets) return;
      const appSecrets = arn('secretsmanager', 'secret', `goldenpath/${env}/*`, true);
      allow(
        r,
        'PreflightSecrets',
        ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        [appSecrets],
      );
      // Only the database provisioner reads the RDS master secret (DESIGN §7).
      r.addToPolicy(
        new iam.PolicyStatement({
          sid: 'NeverTheMasterSecret',
          effect: iam.Effect.DENY,
          actions: ['secretsmanager:GetSecretValue'],
          resources: [arn('secretsmanager', 'secret', `goldenpath/${env}/rds/*`, true)],
        }),
      );
      acknowledgeNag(
        r,
        `AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:${region}:${account}:secret:goldenpath/${env}/*]`,
        'Preflight checks the keys of every platform secret of this environment (never the master secret).',
      );
    };
    const commonNags = (r: iam.Role) => {
      for (const [resource, why] of [
        [
          `arn:aws:ssm:${region}:${account}:parameter/goldenpath/${env}/foundation/*`,
          "this environment's contract",
        ],
        ['arn:aws:route53:::hostedzone/*', 'the zone id comes from the contract at run time'],
        [`arn:aws:rds:${region}:${account}:db:*`, 'preflight finds the instance by its endpoint'],
        [`arn:aws:s3:::goldenpath-${env}-foundation-logs-*`, "the Foundation's log bucket (account suffix)"],
      ])
        acknowledgeNag(r, `AwsSolutions-IAM5[Resource::${resource}]`, `Preflight reads: ${why}.`);
    };

    const deploy = role('deploy', 'Deploy', `deploy from the GitHub environment ${env}`, 2);
    preflight(deploy, true);
    commonNags(deploy);
    allow(
      deploy,
      'AssumeCdkBootstrapRoles',
      ['sts:AssumeRole'],
      ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((kind) =>
        arn('iam', 'role', `cdk-${DEPLOY_BOOTSTRAP_QUALIFIER}-${kind}-role-${account}-${region}`),
      ),
    );

    const nightly = role('nightly', 'Nightly', 'nightly acceptance and reaper report from main', 1);
    preflight(nightly, true);
    commonNags(nightly);
    allow(
      nightly,
      'AcceptanceCluster',
      ['eks:DescribeCluster'],
      [arn('eks', 'cluster', `goldenpath-${env}-persistent`)],
    );
    allow(
      nightly,
      'ReaperReportStack',
      ['cloudformation:DescribeStackResources'],
      [arn('cloudformation', 'stack', `goldenpath-${env}-foundation/*`)],
    );
    // The reaper's own log group, by the name the reaper's construct gives it; CloudWatch Logs
    // also authorizes a group's reads as `<group ARN>:*`.
    const reaperLogs = arn('logs', 'log-group', buildReaperLogGroupName(env), true);
    allow(nightly, 'ReaperReportLogs', ['logs:FilterLogEvents'], [reaperLogs, `${reaperLogs}:*`]);
    acknowledgeNag(
      nightly,
      `AwsSolutions-IAM5[Resource::arn:aws:cloudformation:${region}:${account}:stack/goldenpath-${env}-foundation/*]`,
      "The reaper report reads the Foundation stack's resources; the stack id after the name is generated.",
    );
    acknowledgeNag(
      nightly,
      `AwsSolutions-IAM5[Resource::arn:aws:logs:${region}:${account}:log-group:${buildReaperLogGroupName(env)}:*]`,
      "The reaper's log group in the ARN form CloudWatch Logs also authorizes reads with (its streams).",
    );

    this.roles = {
      deploy,
      nightly,
      build: props.allowBuilds ? this.buildRole(props, role, allow, arn) : undefined,
    };
  }

  private buildRole(
    props: GithubDeployRolesProps,
    role: (purpose: CiPurpose, cid: string, description: string, hours: number) => iam.Role,
    allow: (r: iam.Role, sid: string, actions: string[], resources: string[], conditions?: object) => void,
    arn: (service: string, resource: string, resourceName: string, colon?: boolean) => string,
  ): iam.Role {
    const { env } = props;
    const { account, region } = Stack.of(this);
    const q = BUILD_BOOTSTRAP_QUALIFIER;
    const build = role('build', 'Build', 'ephemeral builds from the GitHub environment ephemeral', 2);
    // A build's preflight reads no secret: the tiers a build may run read none (a test holds this).
    allow(
      build,
      'PreflightContract',
      ['ssm:GetParametersByPath'],
      [arn('ssm', 'parameter', `goldenpath/${env}/foundation/*`)],
    );
    allow(build, 'PreflightZone', ['route53:GetHostedZone'], ['arn:aws:route53:::hostedzone/*']);
    const buildStacks = arn('cloudformation', 'stack', `goldenpath-${env}-b-*/*`);
    allow(
      build,
      'DeployAndDestroyBuildStacksOnly',
      [
        'cloudformation:CreateChangeSet',
        'cloudformation:DescribeChangeSet',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:DeleteChangeSet',
        'cloudformation:DescribeStacks',
        'cloudformation:DescribeStackEvents',
        'cloudformation:GetTemplate',
        'cloudformation:DeleteStack',
        'cloudformation:RollbackStack',
        'cloudformation:ContinueUpdateRollback',
      ],
      [buildStacks],
    );
    const execRole = arn('iam', 'role', `cdk-${q}-cfn-exec-role-${account}-${region}`);
    allow(build, 'PassTheBuildExecutionRole', ['iam:PassRole'], [execRole], {
      StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
    });
    const bucket = `arn:aws:s3:::cdk-${q}-assets-${account}-${region}`;
    allow(
      build,
      'PublishBuildAssets',
      [
        's3:GetObject',
        's3:PutObject',
        's3:GetBucketLocation',
        's3:ListBucket',
        's3:GetEncryptionConfiguration',
      ],
      [bucket, `${bucket}/*`],
    );
    allow(
      build,
      'AcceptanceCluster',
      ['eks:DescribeCluster'],
      [arn('eks', 'cluster', `goldenpath-${env}-b-*`)],
    );
    for (const [resource, why] of [
      [
        `arn:aws:ssm:${region}:${account}:parameter/goldenpath/${env}/foundation/*`,
        "Preflight reads this environment's contract.",
      ],
      ['arn:aws:route53:::hostedzone/*', 'Preflight reads the zone whose id the contract names.'],
      [
        `arn:aws:cloudformation:${region}:${account}:stack/goldenpath-${env}-b-*/*`,
        'Every build stack, and no other.',
      ],
      [`${bucket}/*`, "The build bootstrap's asset bucket."],
      [
        `arn:aws:eks:${region}:${account}:cluster/goldenpath-${env}-b-*`,
        'The acceptance reads build clusters only.',
      ],
    ])
      acknowledgeNag(build, `AwsSolutions-IAM5[Resource::${resource}]`, why);
    return build;
  }
}
