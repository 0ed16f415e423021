import { App, RemovalPolicy, Stack, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PlatformCluster, type PlatformClusterProps } from '../../../constructs/cluster/platform-cluster';

let defaults: Template | undefined;

/** `synth()` with no overrides, made once for the file (the tests that use it only read it). */
function synthDefaults(): Template {
  return (defaults ??= synth());
}

function synth(overrides: (stack: Stack) => Partial<PlatformClusterProps> = () => ({})): Template {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S', {
    env: { account: '111111111111', region: 'eu-west-2' },
  });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-1',
    availabilityZones: ['eu-west-2a', 'eu-west-2b'],
    privateSubnetIds: ['subnet-a', 'subnet-b'],
  });
  new PlatformCluster(stack, 'Platform', {
    clusterName: 'goldenpath-dev-b-1',
    vpc,
    subnets: vpc.privateSubnets,
    adminRoles: { Admin: iam.Role.fromRoleArn(stack, 'AdminRole', 'arn:aws:iam::111111111111:role/admin') },
    publicEndpointCidrs: [],
    nodes: { instanceTypes: ['t3.medium'], minSize: 1, desiredSize: 2, maxSize: 3, diskSizeGiB: 40 },
    ...overrides(stack),
  });
  return Template.fromStack(stack);
}

describe('PlatformCluster', () => {
  test('no public CIDRs: a private endpoint only', () => {
    synthDefaults().hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
    });
  });

  test('without extra security groups the nodes carry the cluster group only, on an encrypted gp3 disk', () => {
    synthDefaults().hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: {
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.anyValue(), 'ClusterSecurityGroupId'] }],
        BlockDeviceMappings: [
          {
            DeviceName: '/dev/xvda',
            Ebs: { VolumeSize: 40, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true },
          },
        ],
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
      },
    });
  });

  test('extra security groups are added after the cluster group', () => {
    synth((stack) => ({
      nodeSecurityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Db', 'sg-db', { mutable: false })],
    })).hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.anyValue(), 'ClusterSecurityGroupId'] }, 'sg-db'],
      }),
    });
  });

  test.each([
    [undefined, 'Retain'],
    [RemovalPolicy.DESTROY, 'Delete'],
  ])('secrets key removal policy %s -> %s', (keyRemovalPolicy, deletionPolicy) => {
    synth(() => ({ keyRemovalPolicy })).hasResource('AWS::KMS::Key', {
      DeletionPolicy: deletionPolicy,
      Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 7 }),
    });
  });

  test('coredns and the EBS CSI driver wait for the node group; the others do not', () => {
    const t = synthDefaults();
    const dependsOnNodes = Object.values(
      t.findResources('AWS::EKS::Addon') as Record<
        string,
        { Properties: { AddonName: string }; DependsOn?: string[] }
      >,
    )
      .filter((r) => (r.DependsOn ?? []).some((d) => d.startsWith('PlatformClusterNodegroupNodes')))
      .map((r) => r.Properties.AddonName)
      .sort();
    expect(dependsOnNodes).toEqual(['aws-ebs-csi-driver', 'coredns']);
  });

  test('each admin role gets a cluster-admin access entry for its ARN, and nothing else', () => {
    const t = synth((stack) => ({
      adminRoles: {
        Admin: iam.Role.fromRoleArn(stack, 'PlatformAdminRole', 'arn:aws:iam::111111111111:role/admin'),
        Ci: iam.Role.fromRoleName(stack, 'CiRole', 'goldenpath-dev-ci-build'),
      },
    }));
    const entries = Object.values(
      t.findResources('AWS::EKS::AccessEntry') as Record<
        string,
        { Properties: { PrincipalArn: unknown; AccessPolicies?: { PolicyArn: unknown }[] } }
      >,
    );
    const adminPolicy = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy'],
      ],
    };
    expect(
      entries.map((e) => [e.Properties.PrincipalArn, e.Properties.AccessPolicies!.map((p) => p.PolicyArn)]),
    ).toEqual([
      // aws-eks-v2's own entry for its kubectl handler.
      [
        {
          'Fn::GetAtt': [expect.stringMatching(/^PlatformClusterKubectlProviderHandlerServiceRole/), 'Arn'],
        },
        [adminPolicy],
      ],
      ['arn:aws:iam::111111111111:role/admin', [adminPolicy]],
      [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/goldenpath-dev-ci-build'],
          ],
        },
        [adminPolicy],
      ],
    ]);
    // The imported roles are used, not changed: no policy is attached to them.
    const attachedTo = Object.values(
      t.findResources('AWS::IAM::Policy') as Record<string, { Properties: { Roles?: unknown[] } }>,
    ).flatMap((p) => p.Properties.Roles ?? []);
    expect(JSON.stringify(attachedTo)).not.toMatch(/role\/admin|ci-build|"admin"/);
  });
});
