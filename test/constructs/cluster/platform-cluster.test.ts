import { App, RemovalPolicy, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PlatformCluster, type PlatformClusterProps } from '../../../constructs/cluster/platform-cluster';

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
    adminRoleArns: { Admin: 'arn:aws:iam::111111111111:role/admin' },
    publicEndpointCidrs: [],
    nodes: { instanceTypes: ['t3.medium'], minSize: 1, desiredSize: 2, maxSize: 3, diskSizeGiB: 40 },
    ...overrides(stack),
  });
  return Template.fromStack(stack);
}

describe('PlatformCluster', () => {
  test('no public CIDRs: a private endpoint only', () => {
    synth().hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
    });
  });

  test('without extra security groups the nodes carry the cluster group only, on an encrypted gp3 disk', () => {
    synth().hasResourceProperties('AWS::EC2::LaunchTemplate', {
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
    const t = synth();
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
});
