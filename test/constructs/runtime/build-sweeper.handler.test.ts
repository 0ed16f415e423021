import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { makeHandler } from '../../../constructs/runtime/build-sweeper.handler';
import { MOTO_CREDENTIALS } from '../../support/moto';
import { useMoto } from '../../support/services';
import { seedBuildLeftovers, seedRecords, sweeperClients } from '../../lib/ops/teardown/seed';
import { responseServer, stackIn } from './cfn-support';

const context = { getRemainingTimeInMillis: () => 120_000, logStreamName: 'stream-1' };

function event(
  type: 'Create' | 'Update' | 'Delete',
  url: string,
  zoneId: string,
): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:eu-west-2:111111111111:function:sweeper',
    ResponseURL: url,
    StackId: 'arn:aws:cloudformation:eu-west-2:111111111111:stack/goldenpath-dev-b-pr-1/1',
    RequestId: 'req-1',
    LogicalResourceId: 'Sweeper',
    ResourceType: 'Custom::BuildSweeper',
    ResourceProperties: {
      ServiceToken: 'x',
      HostedZoneId: zoneId,
      HostSuffix: 'b-pr-1.dev.goldenpathidp.io',
      ClusterName: 'goldenpath-dev-b-pr-1',
    },
  };
  if (type === 'Create') return { ...common, RequestType: 'Create' };
  if (type === 'Update')
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: 'build-sweeper-goldenpath-dev-b-pr-1',
      OldResourceProperties: { ServiceToken: 'x' },
    };
  return { ...common, RequestType: 'Delete', PhysicalResourceId: 'build-sweeper-goldenpath-dev-b-pr-1' };
}

describe('BuildSweeper handler: CloudFormation event in, response out', () => {
  const moto = useMoto();
  let cfn: Awaited<ReturnType<typeof responseServer>>;
  beforeEach(async () => {
    await moto.reset();
    cfn = await responseServer();
  });
  afterEach(() => {
    cfn.server.closeAllConnections();
    cfn.server.close();
  });

  test.each(['Create', 'Update'] as const)(
    '%s: sweeps nothing and PUTs SUCCESS to the response URL',
    async (type) => {
      const clients = sweeperClients(moto);
      // The build's records: any sweep deletes them, so their count shows whether one ran.
      const zoneId = await seedRecords(clients);
      const before = (await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId })))
        .ResourceRecordSets!.length;
      await makeHandler({
        clients: () => clients,
        cfn: () => stackIn(moto, 'DELETE_IN_PROGRESS'),
        retryDelayMs: 10,
      })(event(type, cfn.url, zoneId), context);
      expect(await cfn.received()).toEqual({
        method: 'PUT',
        contentType: '',
        body: {
          Status: 'SUCCESS',
          Reason: 'nothing to do until the stack is deleted',
          PhysicalResourceId: 'build-sweeper-goldenpath-dev-b-pr-1',
          StackId: 'arn:aws:cloudformation:eu-west-2:111111111111:stack/goldenpath-dev-b-pr-1/1',
          RequestId: 'req-1',
          LogicalResourceId: 'Sweeper',
        },
      });
      expect(
        (await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId })))
          .ResourceRecordSets!.length,
      ).toBe(before);
    },
  );

  test.each(['DELETE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS'])(
    "Delete while the stack is %s: sweeps the build's leftovers, reports counts and publishes the metric",
    async (status) => {
      const clients = sweeperClients(moto);
      const { zoneId } = await seedBuildLeftovers(clients);
      const logged: string[] = [];
      await makeHandler({
        clients: () => clients,
        cfn: () => stackIn(moto, status),
        retryDelayMs: 10,
        log: (l) => logged.push(l),
      })(event('Delete', cfn.url, zoneId), context);
      const { body } = await cfn.received();
      expect(body).toMatchObject({
        Status: 'SUCCESS',
        PhysicalResourceId: 'build-sweeper-goldenpath-dev-b-pr-1',
        Data: { Records: 4, LoadBalancers: 2, TargetGroups: 2, SecurityGroups: 3, Volumes: 2, Left: 0 },
      });
      const left = (
        await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))
      ).ResourceRecordSets!.map((r) => r.Name);
      expect(left.filter((n) => n!.includes('b-pr-1.dev')).sort()).toEqual([
        'argocd.xb-pr-1.dev.goldenpathidp.io.',
        'b-pr-1.dev.goldenpathidp.io.other.dev.goldenpathidp.io.',
      ]);
      const metric = JSON.parse(logged[logged.length - 1]) as Record<string, unknown>;
      expect(metric).toMatchObject({
        _aws: {
          CloudWatchMetrics: [
            {
              Namespace: 'goldenpath/teardown',
              Dimensions: [[], ['ClusterName']],
              Metrics: [{ Name: 'SweepLeft', Unit: 'Count' }],
            },
          ],
        },
        ClusterName: 'goldenpath-dev-b-pr-1',
        SweepLeft: 0,
      });
    },
  );

  test.each(['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_IN_PROGRESS'])(
    'Delete while the stack is %s (a replacement, not the build going): sweeps nothing, SUCCESS',
    async (status) => {
      const clients = sweeperClients(moto);
      // The build's records: any sweep deletes them, so their count shows whether one ran.
      const zoneId = await seedRecords(clients);
      const before = (await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId })))
        .ResourceRecordSets!.length;
      await makeHandler({ clients: () => clients, cfn: () => stackIn(moto, status), log: () => undefined })(
        event('Delete', cfn.url, zoneId),
        context,
      );
      expect((await cfn.received()).body).toMatchObject({
        Status: 'SUCCESS',
        Reason: `not swept: the stack is ${status}, so this is not the build being deleted (log stream stream-1)`,
      });
      expect(
        (await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId })))
          .ResourceRecordSets!.length,
      ).toBe(before);
    },
  );

  test('Delete when the stack status cannot be read: sweeps nothing and says why', async () => {
    const clients = sweeperClients(moto);
    const cfnClient = new CloudFormationClient({
      endpoint: moto.endpoint,
      region: 'eu-west-2',
      credentials: MOTO_CREDENTIALS,
      maxAttempts: 1,
    });
    await makeHandler({ clients: () => clients, cfn: () => cfnClient, log: () => undefined })(
      event('Delete', cfn.url, 'Z1'),
      context,
    );
    expect((await cfn.received()).body).toMatchObject({
      Status: 'SUCCESS',
      Reason: expect.stringMatching(
        /^not swept: the stack is unreadable \(ValidationError: .*\), so this/,
      ) as unknown,
    });
  });

  test('Delete with a zone that does not exist: SUCCESS, the records reported as left, the rest swept', async () => {
    const clients = sweeperClients(moto);
    await seedBuildLeftovers(clients);
    await makeHandler({
      clients: () => clients,
      cfn: () => stackIn(moto, 'DELETE_IN_PROGRESS'),
      retryDelayMs: 10,
      log: () => undefined,
    })(event('Delete', cfn.url, 'ZNOPE'), context);
    expect((await cfn.received()).body).toMatchObject({
      Status: 'SUCCESS',
      Reason: expect.stringMatching(
        /^left 1: record sets under b-pr-1\.dev\.goldenpathidp\.io: could not list: NoSuchHostedZone: .*; deleted 0 record sets, 2 load balancers, 2 target groups, 3 security groups, 2 volumes \(log stream stream-1\)$/,
      ) as unknown,
      Data: { Records: 0, LoadBalancers: 2, Left: 1 },
    });
  });
});
