import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { isUnder, recordName, sweepRecords } from '../../../../lib/ops/teardown/sweep-records';
import { useMoto } from '../../../support/services';
import { awsError, injectFault } from './faults';
import { RECORDS, freshRoute53, route53Client, seedPrefixBuilds, seedRecords } from './seed-records';

const SUFFIX = 'b-pr-1.dev.goldenpathidp.io';
const OURS = [
  'A b-pr-1.dev.goldenpathidp.io',
  'CNAME *.b-pr-1.dev.goldenpathidp.io',
  'A argocd.b-pr-1.dev.goldenpathidp.io',
  'TXT extdns-a-argocd.b-pr-1.dev.goldenpathidp.io',
];
const soon = () => ({ deadline: Date.now() + 30_000, retryDelayMs: 10, dryRun: false });

describe('record names', () => {
  test('a record name compares in lower case, without the trailing dot, with octal escapes decoded', () => {
    expect([
      recordName('\\052.B-PR-1.Dev.GoldenpathIDP.io.'),
      recordName('a\\100b.example.com'),
      recordName('example.com'),
      recordName(''),
    ]).toEqual(['*.b-pr-1.dev.goldenpathidp.io', 'a@b.example.com', 'example.com', '']);
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
});

describe('sweepRecords', () => {
  const moto = useMoto();
  const clients = freshRoute53(moto);

  /** The names of every record set left in the zone (one page: the seeded zone is small). */
  const namesIn = async (zoneId: string) =>
    (await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId })))
      .ResourceRecordSets!.map((r) => recordName(r.Name!))
      .sort();
  const others = [
    ...RECORDS.map(([name]) => recordName(name)),
    'dev.goldenpathidp.io',
    'dev.goldenpathidp.io',
  ]
    .filter((n) => !isUnder(n, SUFFIX))
    .sort();

  test('the suffix is compared as a record name: any case, with or without the trailing dot', async () => {
    const zoneId = await seedRecords(clients);
    const swept = await sweepRecords(clients.route53, zoneId, 'B-PR-1.Dev.GoldenpathIDP.io.', soon());
    expect(swept).toEqual({ records: OURS, left: [] });
    expect(await namesIn(zoneId)).toEqual(others);
  });

  test('throttled reads of the zone and of its record sets are retried', async () => {
    const zoneId = await seedRecords(clients);
    const zone = injectFault(clients.route53, 'GetHostedZoneCommand', (_input, call) => {
      if (call <= 2) throw awsError('Throttling', 'Rate exceeded');
    });
    const list = injectFault(clients.route53, 'ListResourceRecordSetsCommand', (_input, call) => {
      if (call === 1) throw awsError('PriorRequestNotComplete', 'The request was rejected');
    });
    const swept = await sweepRecords(clients.route53, zoneId, SUFFIX, soon());
    expect([swept, zone.calls(), list.calls()]).toEqual([{ records: OURS, left: [] }, 3, 2]);
    expect(await namesIn(zoneId)).toEqual(others);
  });

  test('a record someone else deleted between list and delete is not left: the rest are listed again and go', async () => {
    const zoneId = await seedRecords(clients);
    const externalDns = route53Client(moto);
    const change = injectFault(clients.route53, 'ChangeResourceRecordSetsCommand', async (_input, call) => {
      if (call !== 1) return;
      await externalDns.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: {
            Changes: [
              {
                Action: 'DELETE',
                ResourceRecordSet: {
                  Name: 'argocd.b-pr-1.dev.goldenpathidp.io',
                  Type: 'A',
                  TTL: 60,
                  ResourceRecords: [{ Value: '192.0.2.1' }],
                },
              },
            ],
          },
        }),
      );
      // What Route 53 answers when a DELETE names a record set that is already gone (moto deletes it silently).
      throw awsError(
        'InvalidChangeBatch',
        '[Tried to delete resource record set [name=argocd.b-pr-1.dev.goldenpathidp.io., type=A] but it was not found]',
      );
    });
    const swept = await sweepRecords(clients.route53, zoneId, SUFFIX, soon());
    expect([swept, change.calls()]).toEqual([
      { records: OURS.filter((r) => r !== 'A argocd.b-pr-1.dev.goldenpathidp.io'), left: [] },
      2,
    ]);
    expect(await namesIn(zoneId)).toEqual(others);
  });

  test('a half-done sweep (one batch refused for good) leaves that batch, reported, and the next run finishes the job', async () => {
    const { zoneId, count } = await seedPrefixBuilds(clients, ['pr-1', 'pr-10'], 150);
    const change = injectFault(clients.route53, 'ChangeResourceRecordSetsCommand', (_input, call) => {
      if (call === 2)
        throw awsError('AccessDenied', 'not authorized to perform: route53:ChangeResourceRecordSets');
    });

    const first = await sweepRecords(clients.route53, zoneId, SUFFIX, soon());
    expect([first.records.length, first.left.length, change.calls()]).toEqual([100, 50, 2]);
    expect(first.left[0]).toMatch(
      /^record set A app-\d+\.b-pr-1\.dev\.goldenpathidp\.io: AccessDenied: not authorized to perform: route53:ChangeResourceRecordSets$/,
    );
    expect(await count()).toEqual({ 'pr-1': 50, 'pr-10': 150 });

    const second = await sweepRecords(clients.route53, zoneId, SUFFIX, soon());
    expect([second.records.length, second.left, await count()]).toEqual([
      50,
      [],
      { 'pr-1': 0, 'pr-10': 150 },
    ]);
    expect(await sweepRecords(clients.route53, zoneId, SUFFIX, soon())).toEqual({ records: [], left: [] });
  });

  test.each(['b-pr-1.prod.goldenpathidp.io', 'b-pr-1.xdev.goldenpathidp.io'])(
    'a suffix %s that is not strictly under the zone is refused and nothing is deleted',
    async (suffix) => {
      const zoneId = await seedRecords(clients);
      expect(await sweepRecords(clients.route53, zoneId, suffix, soon())).toEqual({
        records: [],
        left: [
          `record sets under ${suffix}: refused, it is not strictly under the zone dev.goldenpathidp.io (${zoneId})`,
        ],
      });
      expect(await namesIn(zoneId)).toHaveLength(10);
    },
  );

  test('weighted record sets of one name are each deleted and named by their set identifier', async () => {
    const zoneId = await seedRecords(clients);
    await clients.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: ['blue', 'green'].map((id) => ({
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: 'api.b-pr-1.dev.goldenpathidp.io',
              Type: 'A',
              SetIdentifier: id,
              Weight: 50,
              TTL: 60,
              ResourceRecords: [{ Value: '192.0.2.30' }],
            },
          })),
        },
      }),
    );
    const swept = await sweepRecords(clients.route53, zoneId, SUFFIX, soon());
    expect([...swept.records].sort()).toEqual(
      [
        ...OURS,
        'A api.b-pr-1.dev.goldenpathidp.io (blue)',
        'A api.b-pr-1.dev.goldenpathidp.io (green)',
      ].sort(),
    );
    expect(await namesIn(zoneId)).toEqual(others);
  });

  test('a zone that does not exist is thrown, for the caller to report', async () => {
    await expect(sweepRecords(clients.route53, 'ZNOSUCHZONE', SUFFIX, soon())).rejects.toMatchObject({
      name: 'NoSuchHostedZone',
    });
  });

  test('a dry run lists what would go and deletes nothing', async () => {
    const zoneId = await seedRecords(clients);
    const change = injectFault(clients.route53, 'ChangeResourceRecordSetsCommand', () => undefined);
    const swept = await sweepRecords(clients.route53, zoneId, SUFFIX, { ...soon(), dryRun: true });
    expect([swept, change.calls()]).toEqual([{ records: OURS, left: [] }, 0]);
    expect(await namesIn(zoneId)).toHaveLength(10);
  });
});
