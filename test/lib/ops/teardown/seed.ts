import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  Route53Client,
  type RRType,
} from '@aws-sdk/client-route-53';
import type { SweeperClients } from '../../../../lib/ops/teardown/sweeper';
import { MOTO_CREDENTIALS, type Moto } from '../../../support/moto';

const REGION = 'eu-west-2';

export function sweeperClients(moto: Moto): SweeperClients {
  const common = { endpoint: moto.endpoint, region: REGION, credentials: MOTO_CREDENTIALS, maxAttempts: 1 };
  return {
    route53: new Route53Client(common),
    elbv2: new ElasticLoadBalancingV2Client(common),
    ec2: new EC2Client(common),
  };
}

/** Records of build pr-1, of a look-alike build pr-10, of a name that only ends alike, and of the persistent cluster. */
export const RECORDS: [string, RRType, string][] = [
  ['argocd.b-pr-1.dev.goldenpathidp.io', 'A', '192.0.2.1'],
  [
    'extdns-a-argocd.b-pr-1.dev.goldenpathidp.io',
    'TXT',
    '"heritage=external-dns,external-dns/owner=goldenpath-dev-pr-1"',
  ],
  ['\\052.b-pr-1.dev.goldenpathidp.io', 'CNAME', 'lb-1.elb.amazonaws.com'],
  ['b-pr-1.dev.goldenpathidp.io', 'A', '192.0.2.2'],
  ['argocd.b-pr-10.dev.goldenpathidp.io', 'A', '192.0.2.10'],
  ['argocd.xb-pr-1.dev.goldenpathidp.io', 'A', '192.0.2.11'],
  ['b-pr-1.dev.goldenpathidp.io.other.dev.goldenpathidp.io', 'A', '192.0.2.12'],
  ['grafana.dev.goldenpathidp.io', 'A', '192.0.2.20'],
];

export async function seedBuildLeftovers(c: SweeperClients) {
  const zone = await c.route53.send(
    new CreateHostedZoneCommand({ Name: 'dev.goldenpathidp.io', CallerReference: 'sweep' }),
  );
  const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  await c.route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: RECORDS.map(([Name, Type, value]) => ({
          Action: 'CREATE',
          ResourceRecordSet: { Name, Type, TTL: 60, ResourceRecords: [{ Value: value }] },
        })),
      },
    }),
  );
  const vpc = (await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnets = [
    (
      await c.ec2.send(
        new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.0.0/24', AvailabilityZone: 'eu-west-2a' }),
      )
    ).Subnet!.SubnetId!,
    (
      await c.ec2.send(
        new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-west-2b' }),
      )
    ).Subnet!.SubnetId!,
  ];
  const tagged = {
    'ours-lbc': [{ Key: 'elbv2.k8s.aws/cluster', Value: 'goldenpath-dev-b-pr-1' }],
    'ours-intree': [{ Key: 'kubernetes.io/cluster/goldenpath-dev-b-pr-1', Value: 'owned' }],
    'pr-10': [{ Key: 'elbv2.k8s.aws/cluster', Value: 'goldenpath-dev-b-pr-10' }],
    persistent: [{ Key: 'kubernetes.io/cluster/goldenpath-dev-persistent', Value: 'owned' }],
    untagged: [],
  };
  for (const [name, Tags] of Object.entries(tagged)) {
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
  return { zoneId, vpc };
}
