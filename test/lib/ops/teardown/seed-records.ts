import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type RRType,
} from '@aws-sdk/client-route-53';
import type { SweeperClients } from '../../../../lib/ops/teardown/sweeper';
import { MOTO_CREDENTIALS, type Moto } from '../../../support/moto';

// The Route 53 part of the teardown seeds, apart from seed.ts so that the record tests do not
// load the EC2 client (the largest of the AWS SDK's) with it.

type Route53Only = Pick<SweeperClients, 'route53'>;

export function route53Client(moto: Moto): Route53Client {
  return new Route53Client({
    endpoint: moto.endpoint,
    region: 'eu-west-2',
    credentials: MOTO_CREDENTIALS,
    maxAttempts: 1,
  });
}

/**
 * Resets moto before each test and hands the test a new Route 53 client, so the faults one test
 * injects stay with it. The object returned always reads the current test's client.
 */
export function freshRoute53(moto: Moto): Route53Only {
  let current: Route53Client | undefined;
  beforeEach(async () => {
    await moto.reset();
    current = route53Client(moto);
  });
  return {
    get route53() {
      if (!current) throw new Error('freshRoute53: the client exists only inside a test (after beforeEach)');
      return current;
    },
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

/** The zone dev.goldenpathidp.io with RECORDS in it: all the Route 53 part of a build's leftovers. */
export async function seedRecords(c: Route53Only): Promise<string> {
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
  return zoneId;
}

/** `count` A records under each build's host suffix, and a counter of what is left per build. */
export async function seedPrefixBuilds(c: Route53Only, buildIds: readonly string[], count: number) {
  const zone = await c.route53.send(
    new CreateHostedZoneCommand({ Name: 'dev.goldenpathidp.io', CallerReference: 'prefixes' }),
  );
  const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  for (const id of buildIds) {
    const names = Array.from({ length: count }, (_, i) => `app-${i}.b-${id}.dev.goldenpathidp.io`);
    for (let i = 0; i < names.length; i += 100) {
      await c.route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: {
            Changes: names.slice(i, i + 100).map((Name) => ({
              Action: 'CREATE',
              ResourceRecordSet: { Name, Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] },
            })),
          },
        }),
      );
    }
  }
  const left = async () => {
    const all: string[] = [];
    let start: { name?: string; type?: RRType } = {};
    for (;;) {
      const page = await c.route53.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          StartRecordName: start.name,
          StartRecordType: start.type,
        }),
      );
      all.push(...page.ResourceRecordSets!.map((r) => r.Name!));
      if (!page.IsTruncated) break;
      start = { name: page.NextRecordName, type: page.NextRecordType };
    }
    return Object.fromEntries(
      buildIds.map((id) => [id, all.filter((n) => n.endsWith(`.b-${id}.dev.goldenpathidp.io.`)).length]),
    );
  };
  return { zoneId, count: left };
}
