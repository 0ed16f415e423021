import { Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PlatformNetwork, SUBNET_LAYOUT } from '../../../constructs/foundation/platform-network';
import { testApp } from '../../util';

const AZS = ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'];

function build(natGateways: number) {
  const stack = new Stack(testApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-2' } });
  const network = new PlatformNetwork(stack, 'Network', {
    cidr: '10.0.0.0/16',
    availabilityZones: AZS,
    natGateways,
  });
  return { stack, network, template: Template.fromStack(stack) };
}

describe('PlatformNetwork', () => {
  test('three subnet groups in every configured AZ, sized by SUBNET_LAYOUT', () => {
    const { template } = build(1);
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    for (const [mask, count] of [
      [SUBNET_LAYOUT.public, 3],
      [SUBNET_LAYOUT.private, 3],
      [SUBNET_LAYOUT.isolated, 3],
    ]) {
      const subnets = Object.values(
        template.findResources('AWS::EC2::Subnet', {
          Properties: { CidrBlock: Match.stringLikeRegexp(`/${mask}$`) },
        }),
      );
      expect(subnets).toHaveLength(count);
    }
  });

  test('subnets are tagged for the load balancer controller', () => {
    const { template } = build(1);
    const tagged = (key: string) =>
      Object.keys(
        template.findResources('AWS::EC2::Subnet', {
          Properties: { Tags: Match.arrayWith([{ Key: key, Value: '1' }]) },
        }),
      ).length;
    expect([tagged('kubernetes.io/role/elb'), tagged('kubernetes.io/role/internal-elb')]).toEqual([3, 3]);
  });

  test.each([1, 3])('%d NAT gateway(s), as configured', (natGateways) => {
    const { template } = build(natGateways);
    template.resourceCountIs('AWS::EC2::NatGateway', natGateways);
  });

  test('all traffic is flow-logged to a retained log group', () => {
    const { template } = build(1);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 90 },
    });
  });

  test('subnet ids by AZ, in the configured AZ order', () => {
    const { network } = build(1);
    expect(Object.keys(network.subnetIdsByAz(ec2.SubnetType.PRIVATE_ISOLATED))).toEqual(AZS);
  });
});
