import { createServer, type Server } from 'node:http';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { makeHandler } from '../../../constructs/runtime/build-sweeper.handler';
import { useMoto } from '../../support/services';
import { seedBuildLeftovers, sweeperClients } from '../../lib/ops/teardown/seed';

/** A stand-in for CloudFormation's pre-signed response URL: records what the handler PUTs. */
async function responseServer(): Promise<{
  url: string;
  received: () => Promise<{ method: string; contentType: string; body: unknown }>;
  server: Server;
}> {
  let resolve!: (v: { method: string; contentType: string; body: unknown }) => void;
  const got = new Promise<{ method: string; contentType: string; body: unknown }>((r) => (resolve = r));
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      res.end();
      resolve({
        method: req.method ?? '',
        contentType: req.headers['content-type'] ?? '(none)',
        body: JSON.parse(body),
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}/cfn-response?signature=x`, received: () => got, server };
}

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
      const { zoneId } = await seedBuildLeftovers(clients);
      const before = (await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId })))
        .ResourceRecordSets!.length;
      await makeHandler({ clients: () => clients, retryDelayMs: 10 })(event(type, cfn.url, zoneId), context);
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

  test("Delete: sweeps the build's leftovers and reports counts in the response", async () => {
    const clients = sweeperClients(moto);
    const { zoneId } = await seedBuildLeftovers(clients);
    await makeHandler({ clients: () => clients, retryDelayMs: 10 })(
      event('Delete', cfn.url, zoneId),
      context,
    );
    const { body } = await cfn.received();
    expect(body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'build-sweeper-goldenpath-dev-b-pr-1',
      Data: { Records: 4, LoadBalancers: 2, TargetGroups: 2, SecurityGroups: 2, Left: 0 },
    });
    const left = (
      await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))
    ).ResourceRecordSets!.map((r) => r.Name);
    expect(left.filter((n) => n!.includes('b-pr-1.dev')).sort()).toEqual([
      'argocd.xb-pr-1.dev.goldenpathidp.io.',
      'b-pr-1.dev.goldenpathidp.io.other.dev.goldenpathidp.io.',
    ]);
  });

  test('Delete with a zone that does not exist: FAILED with the AWS error, still PUT', async () => {
    const clients = sweeperClients(moto);
    await makeHandler({ clients: () => clients })(event('Delete', cfn.url, 'ZNOPE'), context);
    expect(await cfn.received()).toMatchObject({
      body: {
        Status: 'FAILED',
        Reason: expect.stringMatching(/^NoSuchHostedZone: .* \(log stream stream-1\)$/) as unknown,
      },
    });
  });
});
