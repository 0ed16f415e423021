import {
  CreateSecurityGroupCommand,
  CreateVolumeCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { SweeperClients } from '../../../../lib/ops/teardown/sweeper';
import { MOTO_CREDENTIALS, type Moto } from '../../../support/moto';
import { seedRecords } from './seed-records';

export { RECORDS, seedPrefixBuilds, seedRecords } from './seed-records';

const REGION = 'eu-west-2';

export function sweeperClients(moto: Moto): SweeperClients {
  const common = { endpoint: moto.endpoint, region: REGION, credentials: MOTO_CREDENTIALS, maxAttempts: 1 };
  return {
    route53: new Route53Client(common),
    elbv2: new ElasticLoadBalancingV2Client(common),
    ec2: new EC2Client(common),
  };
}

/**
 * Resets moto before each test and hands the test new clients, so the faults one test injects stay
 * with it. The object returned always reads the current test's clients.
 */
export function freshSweeperClients(moto: Moto): SweeperClients {
  let current: SweeperClients | undefined;
  beforeEach(async () => {
    await moto.reset();
    current = sweeperClients(moto);
  });
  const now = () => {
    if (!current)
      throw new Error('freshSweeperClients: the clients exist only inside a test (after beforeEach)');
    return current;
  };
  return {
    get route53() {
      return now().route53;
    },
    get elbv2() {
      return now().elbv2;
    },
    get ec2() {
      return now().ec2;
    },
  };
}

const TAGGED = {
  'ours-lbc': [{ Key: 'elbv2.k8s.aws/cluster', Value: 'goldenpath-dev-b-pr-1' }],
  'ours-intree': [{ Key: 'kubernetes.io/cluster/goldenpath-dev-b-pr-1', Value: 'owned' }],
  'pr-10': [{ Key: 'elbv2.k8s.aws/cluster', Value: 'goldenpath-dev-b-pr-10' }],
  shared: [{ Key: 'kubernetes.io/cluster/goldenpath-dev-b-pr-1', Value: 'shared' }],
  persistent: [{ Key: 'kubernetes.io/cluster/goldenpath-dev-persistent', Value: 'owned' }],
  untagged: [],
};

/** PVC volumes as the EBS CSI driver tags them (with and without its cluster-id tag), and others. */
const VOLUMES: Record<string, { Key: string; Value: string }[]> = {
  'ours-csi': [
    { Key: 'KubernetesCluster', Value: 'goldenpath-dev-b-pr-1' },
    { Key: 'kubernetes.io/cluster/goldenpath-dev-b-pr-1', Value: 'owned' },
  ],
  'ours-plain': [{ Key: 'KubernetesCluster', Value: 'goldenpath-dev-b-pr-1' }],
  shared: [{ Key: 'kubernetes.io/cluster/goldenpath-dev-b-pr-1', Value: 'shared' }],
  'pr-10': [{ Key: 'KubernetesCluster', Value: 'goldenpath-dev-b-pr-10' }],
};

/** A VPC with two subnets and, in it, the load balancers, target groups and security groups of TAGGED. */
async function seedNetwork(c: SweeperClients): Promise<string> {
  const vpc = (await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnets: string[] = [];
  for (const [CidrBlock, AvailabilityZone] of [
    ['10.0.0.0/24', 'eu-west-2a'],
    ['10.0.1.0/24', 'eu-west-2b'],
  ]) {
    subnets.push(
      (await c.ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock, AvailabilityZone }))).Subnet!
        .SubnetId!,
    );
  }
  // One call at a time: moto's load balancer calls read the EC2 state (subnets, security groups)
  // that a concurrent call may be changing, and then answer 500 now and then.
  for (const [name, Tags] of Object.entries(TAGGED)) {
    await c.elbv2.send(
      new CreateLoadBalancerCommand({
        Name: `lb-${name}`,
        Subnets: subnets,
        Type: 'network',
        ...(Tags.length ? { Tags } : {}),
      }),
    );
    await c.elbv2.send(
      new CreateTargetGroupCommand({
        Name: `tg-${name}`,
        Protocol: 'TCP',
        Port: 80,
        VpcId: vpc,
        TargetType: 'ip',
        ...(Tags.length ? { Tags } : {}),
      }),
    );
    await c.ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: `sg-${name}`,
        Description: name,
        VpcId: vpc,
        ...(Tags.length ? { TagSpecifications: [{ ResourceType: 'security-group', Tags }] } : {}),
      }),
    );
  }
  // The load balancer controller's backend security group: tagged by the controller, not by CloudFormation.
  await c.ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: 'sg-ours-backend',
      Description: 'backend',
      VpcId: vpc,
      TagSpecifications: [
        {
          ResourceType: 'security-group',
          Tags: [
            { Key: 'elbv2.k8s.aws/cluster', Value: 'goldenpath-dev-b-pr-1' },
            { Key: 'elbv2.k8s.aws/resource', Value: 'backend-sg' },
          ],
        },
      ],
    }),
  );
  return vpc;
}

/**
 * Everything a build leaves behind, and the look-alikes the sweeper must leave, one call at a
 * time: moto answers concurrent writes with a 500 now and then (see seedNetwork).
 */
export async function seedBuildLeftovers(c: SweeperClients) {
  const ec2Chain = async () => {
    const vpc = await seedNetwork(c);
    for (const [name, Tags] of Object.entries(VOLUMES)) {
      await c.ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: 'eu-west-2a',
          Size: 1,
          TagSpecifications: [
            { ResourceType: 'volume', Tags: [...Tags, { Key: 'Name', Value: `vol-${name}` }] },
          ],
        }),
      );
    }
    return vpc;
  };
  const zoneId = await seedRecords(c);
  const vpc = await ec2Chain();
  return { zoneId, vpc };
}
