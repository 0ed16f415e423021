import { DescribeSecurityGroupsCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import {
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { parseBuildId } from '../../../../lib/model/build-id';
import {
  type SweeperClients,
  formatSweepReport,
  sweep,
  sweepTargetFor,
} from '../../../../lib/ops/teardown/sweeper';
import { useMoto } from '../../../support/services';
import { awsError, injectFault } from './faults';
import { freshSweeperClients, seedBuildLeftovers, seedPrefixBuilds, sweeperClients } from './seed';
import { devConfig } from '../preflight/dev-config';

const config = devConfig();
const soon = () => ({ deadline: Date.now() + 30_000, retryDelayMs: 10 });

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
  const volumes = (await c.ec2.send(new DescribeVolumesCommand({})))
    .Volumes!.map((v) => v.Tags?.find((t) => t.Key === 'Name')?.Value ?? v.VolumeId!)
    .sort();
  return { records, lbs, tgs, sgs, volumes };
}

/** Report lines with generated ids replaced by the seeded names or a placeholder. */
const readable = (lines: string[]) =>
  lines.map((l) =>
    l
      .replace(/arn:aws:elasticloadbalancing:[^, ]*\/(lb-|tg-)?([a-z0-9-]+)\/[0-9a-f]+/g, '$2')
      .replace(/sg-[0-9a-f]{8,}/g, 'sg-id')
      .replace(/vol-[0-9a-f]{8,}/g, 'vol-id'),
  );

const AFTER_PR_1 = {
  records: [
    'A argocd.b-pr-10.dev.goldenpathidp.io.',
    'A argocd.xb-pr-1.dev.goldenpathidp.io.',
    'A b-pr-1.dev.goldenpathidp.io.other.dev.goldenpathidp.io.',
    'A grafana.dev.goldenpathidp.io.',
    'NS dev.goldenpathidp.io.',
    'SOA dev.goldenpathidp.io.',
  ],
  lbs: ['lb-persistent', 'lb-pr-10', 'lb-shared', 'lb-untagged'],
  tgs: ['tg-persistent', 'tg-pr-10', 'tg-shared', 'tg-untagged'],
  sgs: ['sg-persistent', 'sg-pr-10', 'sg-shared', 'sg-untagged'],
  volumes: ['vol-pr-10', 'vol-shared'],
};

describe('the teardown sweeper', () => {
  const moto = useMoto();
  const clients = freshSweeperClients(moto);

  test('targets a build by the host suffix and cluster name the cluster stack uses', () => {
    expect(sweepTargetFor(config, parseBuildId('pr-1'), 'Z1')).toEqual({
      hostedZoneId: 'Z1',
      hostSuffix: 'b-pr-1.dev.goldenpathidp.io',
      clusterName: 'goldenpath-dev-b-pr-1',
    });
  });

  test("deletes exactly the build's records and owned load balancers, target groups, security groups and volumes; a second run is a no-op", async () => {
    const { zoneId } = await seedBuildLeftovers(clients);
    const target = sweepTargetFor(config, parseBuildId('pr-1'), zoneId);

    const report = await sweep(target, clients, soon());
    expect(readable(formatSweepReport(report))).toEqual([
      'deleted 4 record sets: A b-pr-1.dev.goldenpathidp.io, CNAME *.b-pr-1.dev.goldenpathidp.io, A argocd.b-pr-1.dev.goldenpathidp.io, TXT extdns-a-argocd.b-pr-1.dev.goldenpathidp.io',
      'deleted 2 load balancers: ours-intree, ours-lbc',
      'deleted 2 target groups: ours-intree, ours-lbc',
      'deleted 3 security groups: sg-id, sg-id, sg-id',
      'deleted 2 volumes: vol-id, vol-id',
    ]);
    expect(await names(clients, zoneId)).toEqual(AFTER_PR_1);

    const again = await sweep(target, clients, soon());
    expect(formatSweepReport(again)).toEqual([
      'deleted 0 record sets',
      'deleted 0 load balancers',
      'deleted 0 target groups',
      'deleted 0 security groups',
      'deleted 0 volumes',
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
      report.volumes.length,
      report.left.length,
    ]).toEqual([4, 2, 2, 3, 2, 0]);
    expect(await names(clients, zoneId)).toEqual(before);
  });

  test('builds whose ids are prefixes of each other, with hundreds of records each (paginated): only the one swept goes', async () => {
    const { zoneId, count } = await seedPrefixBuilds(clients, ['pr-7', 'pr-70', 'pr-7-1'], 150);
    const report = await sweep(sweepTargetFor(config, parseBuildId('pr-7'), zoneId), clients, soon());
    expect([report.records.length, report.left]).toEqual([150, []]);
    const left = await count();
    expect(left).toEqual({ 'pr-7': 0, 'pr-70': 150, 'pr-7-1': 150 });
  });

  test('Route 53 throttling is retried until the records are gone', async () => {
    const { zoneId } = await seedBuildLeftovers(clients);
    const change = injectFault(clients.route53, 'ChangeResourceRecordSetsCommand', (_input, call) => {
      if (call <= 3) throw awsError('Throttling', 'Rate exceeded');
    });
    const report = await sweep(sweepTargetFor(config, parseBuildId('pr-1'), zoneId), clients, soon());
    expect([report.records.length, report.left, change.calls()]).toEqual([4, [], 4]);
    expect((await names(clients, zoneId)).records).toEqual(AFTER_PR_1.records);
  });

  test('throttling that outlasts the deadline leaves the records, reported, and the load balancers still go', async () => {
    const { zoneId } = await seedBuildLeftovers(clients);
    injectFault(clients.route53, 'ChangeResourceRecordSetsCommand', () => {
      throw awsError('ThrottlingException', 'Rate exceeded');
    });
    // A clock that moves 50 ms at each look: the deadline comes after a few retries, not a real wait.
    let clock = 0;
    const report = await sweep(sweepTargetFor(config, parseBuildId('pr-1'), zoneId), clients, {
      deadline: 300,
      now: () => (clock += 50),
      retryDelayMs: 0,
    });
    expect(report.left).toEqual([
      'record set A b-pr-1.dev.goldenpathidp.io: ThrottlingException: Rate exceeded',
      'record set CNAME *.b-pr-1.dev.goldenpathidp.io: ThrottlingException: Rate exceeded',
      'record set A argocd.b-pr-1.dev.goldenpathidp.io: ThrottlingException: Rate exceeded',
      'record set TXT extdns-a-argocd.b-pr-1.dev.goldenpathidp.io: ThrottlingException: Rate exceeded',
    ]);
    expect([report.records.length, report.loadBalancers.length, report.volumes.length]).toEqual([0, 2, 2]);
  });

  test('a record ExternalDNS changed between list and delete is listed again and deleted', async () => {
    const { zoneId } = await seedBuildLeftovers(clients);
    const externalDns = sweeperClients(moto).route53;
    injectFault(clients.route53, 'ChangeResourceRecordSetsCommand', async (_input, call) => {
      if (call !== 1) return;
      const ResourceRecordSet = {
        Name: 'argocd.b-pr-1.dev.goldenpathidp.io',
        Type: 'A' as const,
        TTL: 60,
        ResourceRecords: [{ Value: '192.0.2.99' }],
      };
      await externalDns.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet }] },
        }),
      );
      // What Route 53 answers when a DELETE names values the record no longer has.
      throw awsError(
        'InvalidChangeBatch',
        '[Tried to delete resource record set [name=argocd.b-pr-1.dev.goldenpathidp.io., type=A] but the values provided do not match the current values]',
      );
    });
    const report = await sweep(sweepTargetFor(config, parseBuildId('pr-1'), zoneId), clients, soon());
    expect([report.records.length, report.left]).toEqual([4, []]);
    expect((await names(clients, zoneId)).records).toEqual(AFTER_PR_1.records);
  });

  test.each(['TargetGroupNotFound', 'TargetGroupNotFoundException'])(
    'a target group the controller removed mid-sweep (%s) is done, not left',
    async (errorName) => {
      const { zoneId } = await seedBuildLeftovers(clients);
      const controller = sweeperClients(moto).elbv2;
      injectFault(clients.elbv2, 'DeleteTargetGroupCommand', async (input) => {
        await controller.send(
          new DeleteTargetGroupCommand({ TargetGroupArn: input.TargetGroupArn as string }),
        );
        throw awsError(errorName, 'One or more target groups not found');
      });
      const report = await sweep(sweepTargetFor(config, parseBuildId('pr-1'), zoneId), clients, soon());
      expect([report.targetGroups, report.left]).toEqual([[], []]);
      expect((await names(clients, zoneId)).tgs).toEqual(AFTER_PR_1.tgs);
    },
  );

  test('a Describe that fails is reported and every other kind is still swept', async () => {
    const { zoneId } = await seedBuildLeftovers(clients);
    injectFault(clients.elbv2, 'DescribeLoadBalancersCommand', () => {
      throw awsError('AccessDenied', 'not authorized to perform: elasticloadbalancing:DescribeLoadBalancers');
    });
    const report = await sweep(sweepTargetFor(config, parseBuildId('pr-1'), zoneId), clients, soon());
    expect(report.left).toEqual([
      'load balancers tagged for goldenpath-dev-b-pr-1: could not list: AccessDenied: not authorized to perform: elasticloadbalancing:DescribeLoadBalancers',
    ]);
    expect([
      report.records.length,
      report.targetGroups.length,
      report.securityGroups.length,
      report.volumes.length,
    ]).toEqual([4, 2, 3, 2]);
  });

  test('a delete refused for good (access denied) is left at once, not retried to the deadline', async () => {
    const { zoneId } = await seedBuildLeftovers(clients);
    const deletes = injectFault(clients.ec2, 'DeleteVolumeCommand', () => {
      throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
    });
    const report = await sweep(sweepTargetFor(config, parseBuildId('pr-1'), zoneId), clients, soon());
    expect(readable([...report.left])).toEqual([
      'volume vol-id: UnauthorizedOperation: You are not authorized to perform this operation.',
      'volume vol-id: UnauthorizedOperation: You are not authorized to perform this operation.',
    ]);
    expect(deletes.calls()).toBe(2);
  });

  test('refuses a suffix that is not strictly under the zone, reports it, and still sweeps the tagged resources', async () => {
    const { zoneId } = await seedBuildLeftovers(clients);
    const report = await sweep(
      { hostedZoneId: zoneId, hostSuffix: 'dev.goldenpathidp.io', clusterName: 'goldenpath-dev-b-pr-1' },
      clients,
      soon(),
    );
    expect(report.left).toEqual([
      `record sets under dev.goldenpathidp.io: refused, it is not strictly under the zone dev.goldenpathidp.io (${zoneId})`,
    ]);
    expect((await names(clients, zoneId)).records).toHaveLength(10);
    expect(report.loadBalancers).toHaveLength(2);
  });
});
