import { BuildStackSynthesizer } from '../../../lib/stacks/build-identity';
import { sharedTestApp, templateOf } from '../../util';
import { ACCOUNT, REGION, decide, managedPolicyOf } from '../iam-simulator';

const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/goldenpath-dev-build-boundary`;
// Read inside the tests, so that an app that fails to build fails these tests alone.
const built = () => sharedTestApp({ env: 'dev', buildId: 'pr-1' });
let boundary: { readonly policy: ReturnType<typeof managedPolicyOf> } | undefined;
/** What the build execution role (whose only policy is the boundary) may do. */
const may = (action: string, resource: string, context: Record<string, string | string[]> = {}) => {
  boundary ??= { policy: managedPolicyOf(templateOf(built().foundation), 'goldenpath-dev-build-boundary') };
  return decide([boundary.policy], action, resource, context);
};

const stack = (name: string) => `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/0a1b2c`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const lifecycle = (value: string) => ({ 'aws:ResourceTag/Lifecycle': value });

describe('the build boundary (execution policy of build deploys, boundary of every build role)', () => {
  test('CloudFormation: build stacks only', async () => {
    expect(await may('cloudformation:DeleteStack', stack('goldenpath-dev-b-pr-1'))).toBe('Allowed');
    for (const other of ['goldenpath-dev-persistent', 'goldenpath-dev-foundation', 'CDKToolkit'])
      expect(await may('cloudformation:DeleteStack', stack(other))).toBe('ExplicitlyDenied');
  });

  test('roles: created and changed only with the boundary; roles of others untouched', async () => {
    const withBoundary = { 'iam:PermissionsBoundary': BOUNDARY_ARN };
    const withOther = { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/other` };
    expect(await may('iam:CreateRole', role('goldenpath-dev-b-pr-1-x'), withBoundary)).toBe('Allowed');
    expect(await may('iam:CreateRole', role('goldenpath-dev-b-pr-1-x'), withOther)).toBe('ExplicitlyDenied');
    expect(await may('iam:AttachRolePolicy', role('goldenpath-platform-admin'), withOther)).toBe(
      'ExplicitlyDenied',
    );
    expect(await may('iam:PutRolePolicy', role('goldenpath-dev-b-pr-1-x'), withBoundary)).toBe('Allowed');
    expect(await may('iam:DeleteRolePermissionsBoundary', role('goldenpath-dev-b-pr-1-x'))).toBe(
      'ExplicitlyDenied',
    );
    for (const action of ['iam:PassRole', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole']) {
      expect(await may(action, role('goldenpath-dev-b-pr-1-x'), lifecycle('ephemeral'))).toBe('Allowed');
      expect(await may(action, role('goldenpath-dev-foundation-Provisioner'), lifecycle('foundation'))).toBe(
        'ExplicitlyDenied',
      );
    }
    expect(await may('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/anyone`)).toBe('ExplicitlyDenied');
  });

  test("nothing tagged as the Foundation's or the persistent cluster's", async () => {
    const sg = `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0123`;
    const lb = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/k8s-x/0123`;
    for (const [action, resource] of [
      ['ec2:AuthorizeSecurityGroupIngress', sg],
      ['ec2:DeleteSecurityGroup', sg],
      ['elasticloadbalancing:DeleteLoadBalancer', lb],
      ['eks:DeleteCluster', `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/goldenpath-dev-persistent`],
    ]) {
      expect(await may(action, resource, lifecycle('ephemeral'))).toBe('Allowed');
      expect(await may(action, resource, lifecycle('persistent'))).toBe('ExplicitlyDenied');
      expect(await may(action, resource, lifecycle('foundation'))).toBe('ExplicitlyDenied');
    }
  });

  test('no platform data: secrets, databases, the log bucket', async () => {
    const secret = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:goldenpath/dev/keycloak/admin-AbCdEf`;
    expect(await may('secretsmanager:GetSecretValue', secret)).toBe('ExplicitlyDenied');
    expect(await may('rds:DeleteDBInstance', `arn:aws:rds:${REGION}:${ACCOUNT}:db:goldenpath-dev`)).toBe(
      'ExplicitlyDenied',
    );
    expect(await may('s3:PutObject', `arn:aws:s3:::goldenpath-dev-foundation-logs-${ACCOUNT}/loki/x`)).toBe(
      'ExplicitlyDenied',
    );
    expect(await may('s3:PutObject', `arn:aws:s3:::cdk-gpbuild-assets-${ACCOUNT}-${REGION}/x.zip`)).toBe(
      'Allowed',
    );
  });

  test('DNS: names under b-*.<env>.<baseDomain> only', async () => {
    const zone = 'arn:aws:route53:::hostedzone/Z0123456789';
    const names = (...n: string[]) => ({ 'route53:ChangeResourceRecordSetsNormalizedRecordNames': n });
    expect(
      await may('route53:ChangeResourceRecordSets', zone, names('argocd.b-pr-1.dev.goldenpathidp.io')),
    ).toBe('Allowed');
    expect(await may('route53:ChangeResourceRecordSets', zone, names('argocd.dev.goldenpathidp.io'))).toBe(
      'ExplicitlyDenied',
    );
    expect(
      await may(
        'route53:ChangeResourceRecordSets',
        zone,
        names('argocd.b-pr-1.dev.goldenpathidp.io', 'keycloak.dev.goldenpathidp.io'),
      ),
    ).toBe('ExplicitlyDenied');
  });
});

describe('a build stack', () => {
  const template = () => templateOf(built().ephemeral!);

  test('every role it creates carries the build boundary', () => {
    const roles = Object.values(template().findResources('AWS::IAM::Role'));
    expect(roles.length).toBeGreaterThan(5);
    const boundaries = roles.map((r) => JSON.stringify((r as { Properties: object }).Properties));
    expect(boundaries.filter((b) => !b.includes(':policy/goldenpath-dev-build-boundary'))).toEqual([]);
  });

  test("deploys as the build bootstrap's execution role, with the CLI's credentials", () => {
    const artifact = built().app.synth().getStackArtifact(built().ephemeral!.artifactId);
    expect(artifact.cloudFormationExecutionRoleArn).toBe(BuildStackSynthesizer.EXECUTION_ROLE_ARN);
    expect(artifact.assumeRoleArn).toBeUndefined();
    const persistent = built().app.synth().getStackArtifact(built().persistent.artifactId);
    expect(persistent.cloudFormationExecutionRoleArn).toContain('cdk-hnb659fds-cfn-exec-role');
  });
});
