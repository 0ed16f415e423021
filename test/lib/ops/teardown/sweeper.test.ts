import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { parseBuildId } from '../../../../lib/model/build-id';
import {
  type SweeperClients,
  formatSweepReport,
  isUnder,
  sweep,
  sweepTargetFor,
} from '../../../../lib/ops/teardown/sweeper';
import { useMoto } from '../../../support/services';
import { seedBuildLeftovers, sweeperClients } from './seed';
import { devConfig } from '../preflight/seed';

const config = devConfig();

async function names(c: SweeperClients, zoneId: string) {
  const records = (await c.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId })))
    .ResourceRecordSets!.map((r) => `${r.Type} ${r.Name}`)
    .sort();
  const lbs = (await c.elbv2.send(new DescribeLoadBalancersCommand({})))
    .LoadBalancers!.map((l) => l.LoadBalancerName!)
    .sort();
  const tgs = (await c.elbv2.send(new DescribeTargetGroupsCommand({})))
    .TargetGroups!.map((t) => t.TargetGroupName!)
    .sort();
  const sgs = (await c.ec2.send(new DescribeSecurityGroupsCommand({})))
    .SecurityGroups!.map((s) => s.GroupName!)
    .filter((n) => n.startsWith('sg-'))
    .sort();
  return { records, lbs, tgs, sgs };
}

describe('the teardown sweeper', () => {
  const moto = useMoto();
  let clients: SweeperClients;
  beforeAll(() => {
    clients = sweeperClients(moto);
  });
  beforeEach(async () => {
    await moto.reset();
  });

  test('targets a build by the host suffix and cluster name the cluster stack uses', () => {
    expect(sweepTargetFor(config, parseBuildId('pr-1'), 'Z1')).toEqual({
      hostedZoneId: 'Z1',
      hostSuffix: 'b-pr-1.dev.goldenpathidp.io',
      clusterName: 'goldenpath-dev-b-pr-1',
    });
  });

  test.each([
    ['argocd.b-pr-1.dev.goldenpathidp.io.', true],
    ['B-PR-1.dev.goldenpathidp.io', true],
    ['\\052.b-pr-1.dev.goldenpathidp.io.', true],
    ['argocd.b-pr-10.dev.goldenpathidp.io.', false],
    ['xb-pr-1.dev.goldenpathidp.io.', false],
    ['dev.goldenpathidp.io.', false],
  ])('%s is under b-pr-1: %s', (name, expected) => {
    expect(isUnder(name, 'b-pr-1.dev.goldenpathidp.io')).toBe(expected);
  });

  test("deletes exactly the build's records and tagged load balancers, target groups and security groups; a second run is a no-op", async () => {
    const { zoneId } = await seedBuildLeftovers(clients);
    const target = sweepTargetFor(config, parseBuildId('pr-1'), zoneId);

    const report = await sweep(target, clients, { deadline: Date.now() + 30_000, retryDelayMs: 10 });
    expect(
      formatSweepReport(report).map((l) =>
        l
          .replace(/arn:aws:elasticloadbalancing:[^,]*\/(lb-|tg-)?([a-z0-9-]+)\/[0-9a-f]+/g, '$2')
          .replace(/sg-[0-9a-f]{8,}/g, 'sg-id'),
      ),
    ).toEqual([
      'deleted 4 record sets: A b-pr-1.dev.goldenpathidp.io, CNAME *.b-pr-1.dev.goldenpathidp.io, A argocd.b-pr-1.dev.goldenpathidp.io, TXT extdns-a-argocd.b-pr-1.dev.goldenpathidp.io',
      'deleted 2 load balancers: ours-intree, ours-lbc',
      'deleted 2 target groups: ours-intree, ours-lbc',
      'deleted 2 security groups: sg-id, sg-id',
    ]);
    expect(await names(clients, zoneId)).toEqual({
      records: [
        'A argocd.b-pr-10.dev.goldenpathidp.io.',
        'A argocd.xb-pr-1.dev.goldenpathidp.io.',
        'A b-pr-1.dev.goldenpathidp.io.other.dev.goldenpathidp.io.',
        'A grafana.dev.goldenpathidp.io.',
        'NS dev.goldenpathidp.io.',
        'SOA dev.goldenpathidp.io.',
      ],
      lbs: ['lb-persistent', 'lb-pr-10', 'lb-untagged'],
      tgs: ['tg-persistent', 'tg-pr-10', 'tg-untagged'],
      sgs: ['sg-persistent', 'sg-pr-10', 'sg-untagged'],
    });

    const again = await sweep(target, clients, { deadline: Date.now() + 30_000, retryDelayMs: 10 });
    expect(formatSweepReport(again)).toEqual([
      'deleted 0 record sets',
      'deleted 0 load balancers',
      'deleted 0 target groups',
      'deleted 0 security groups',
    ]);
  });

  test('a dry run lists what would go and deletes nothing', async () => {
    const { zoneId } = await seedBuildLeftovers(clients);
    const before = await names(clients, zoneId);
    const report = await sweep(sweepTargetFor(config, parseBuildId('pr-1'), zoneId), clients, {
      dryRun: true,
      deadline: Date.now() + 30_000,
    });
    expect([
      report.records.length,
      report.loadBalancers.length,
      report.targetGroups.length,
      report.securityGroups.length,
    ]).toEqual([4, 2, 2, 2]);
    expect(await names(clients, zoneId)).toEqual(before);
  });

  test('refuses a suffix that is not strictly under the zone', async () => {
    const { zoneId } = await seedBuildLeftovers(clients);
    await expect(
      sweep({ hostedZoneId: zoneId, hostSuffix: 'dev.goldenpathidp.io', clusterName: 'x' }, clients, {
        deadline: Date.now() + 1000,
      }),
    ).rejects.toThrow(
      `Refusing to sweep dev.goldenpathidp.io: it is not strictly under the zone dev.goldenpathidp.io (${zoneId})`,
    );
  });
});
