import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { reap } from '../../../../lib/ops/teardown/reaper';
import { MOTO_CREDENTIALS } from '../../../support/moto';
import { useMoto } from '../../../support/services';

const TEMPLATE = JSON.stringify({
  Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
});
const HOUR = 3_600_000;

const ephemeral = (buildId: string, ttl: string) => [
  { Key: 'Environment', Value: 'dev' },
  { Key: 'Lifecycle', Value: 'ephemeral' },
  { Key: 'BuildId', Value: buildId },
  { Key: 'TtlHours', Value: ttl },
];

describe('the build reaper', () => {
  const moto = useMoto();
  let cfn: CloudFormationClient;
  beforeAll(() => {
    cfn = new CloudFormationClient({
      endpoint: moto.endpoint,
      region: 'eu-west-2',
      credentials: MOTO_CREDENTIALS,
      maxAttempts: 1,
    });
  });

  /** Stacks created now; `now` in the reaper is moved forward instead of back-dating creation. */
  async function seed(): Promise<Date> {
    await moto.reset();
    const stacks: [string, { Key: string; Value: string }[]][] = [
      ['goldenpath-dev-b-old', ephemeral('old', '2')],
      ['goldenpath-dev-b-young', ephemeral('young', '48')],
      ['goldenpath-dev-b-untagged', []],
      ['goldenpath-dev-b-liar', ephemeral('other', '1')],
      ['goldenpath-dev-b-forever', ephemeral('forever', 'never')],
      ['goldenpath-dev-persistent', [{ Key: 'Lifecycle', Value: 'persistent' }]],
      [
        'goldenpath-prod-b-old',
        [
          ...ephemeral('old', '1').filter((t) => t.Key !== 'Environment'),
          { Key: 'Environment', Value: 'prod' },
        ],
      ],
    ];
    for (const [StackName, Tags] of stacks)
      await cfn.send(new CreateStackCommand({ StackName, TemplateBody: TEMPLATE, Tags }));
    const created = (await cfn.send(new DescribeStacksCommand({ StackName: 'goldenpath-dev-b-old' })))
      .Stacks![0].CreationTime!;
    return new Date(created.getTime() + 3 * HOUR);
  }

  const live = async () =>
    ((await cfn.send(new DescribeStacksCommand({}))).Stacks ?? [])
      .filter((s) => s.StackStatus !== 'DELETE_COMPLETE')
      .map((s) => s.StackName)
      .sort();

  test('deletes only expired ephemeral build stacks; unexpired and untagged stacks stay', async () => {
    const now = await seed();
    const report = await reap(cfn, { env: 'dev', mode: 'delete', now });
    expect({
      ...report,
      expired: report.expired.map((e) => e.replace(/\(expired .*\)/, '(expired …)')),
    }).toEqual({
      mode: 'delete',
      expired: ['goldenpath-dev-b-old (expired …)'],
      kept: ['goldenpath-dev-b-young'],
      skipped: [
        'goldenpath-dev-b-forever: tag TtlHours is not a whole number of hours',
        'goldenpath-dev-b-liar: tag BuildId does not name this stack',
        'goldenpath-dev-b-untagged: tag Lifecycle is not ephemeral',
      ],
    });
    expect(await live()).toEqual([
      'goldenpath-dev-b-forever',
      'goldenpath-dev-b-liar',
      'goldenpath-dev-b-untagged',
      'goldenpath-dev-b-young',
      'goldenpath-dev-persistent',
      'goldenpath-prod-b-old',
    ]);
  });

  test('the expiry is creation time plus TtlHours, to the millisecond', async () => {
    const now = await seed();
    const created = new Date(now.getTime() - 3 * HOUR);
    const justBefore = await reap(cfn, {
      env: 'dev',
      mode: 'report',
      now: new Date(created.getTime() + 2 * HOUR - 1),
    });
    const atExpiry = await reap(cfn, {
      env: 'dev',
      mode: 'report',
      now: new Date(created.getTime() + 2 * HOUR),
    });
    expect([justBefore.expired, atExpiry.expired]).toEqual([
      [],
      [`goldenpath-dev-b-old (expired ${new Date(created.getTime() + 2 * HOUR).toISOString()})`],
    ]);
  });

  test('report mode lists expired builds and deletes nothing', async () => {
    const now = await seed();
    const before = await live();
    const report = await reap(cfn, { env: 'dev', mode: 'report', now: new Date(now.getTime() + 100 * HOUR) });
    expect(report.expired.map((e) => e.split(' ')[0])).toEqual([
      'goldenpath-dev-b-old',
      'goldenpath-dev-b-young',
    ]);
    expect(await live()).toEqual(before);
  });
});
