import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { reap } from '../../../../lib/ops/teardown/reaper';
import { MOTO_CREDENTIALS } from '../../../support/moto';
import { useMoto } from '../../../support/services';
import { alterOutput, awsError, injectFault } from './faults';

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
  const client = () =>
    new CloudFormationClient({
      endpoint: moto.endpoint,
      region: 'eu-west-2',
      credentials: MOTO_CREDENTIALS,
      maxAttempts: 1,
    });
  beforeEach(() => {
    // Fresh per test: a test's injected faults stay with it.
    cfn = client();
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
      deleted: ['goldenpath-dev-b-old'],
      failed: [],
      maxOverdueHours: 1,
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

  test('several expired builds, the first termination-protected: it is reported and the others are deleted', async () => {
    await moto.reset();
    for (const id of ['a1', 'a2', 'a3'])
      await cfn.send(
        new CreateStackCommand({
          StackName: `goldenpath-dev-b-${id}`,
          TemplateBody: TEMPLATE,
          Tags: ephemeral(id, '1'),
        }),
      );
    const deletes = injectFault(cfn, 'DeleteStackCommand', (input) => {
      if (String(input.StackName).includes('goldenpath-dev-b-a1/'))
        throw awsError(
          'ValidationError',
          'Stack [goldenpath-dev-b-a1] cannot be deleted while TerminationProtection is enabled',
        );
    });
    const report = await reap(cfn, { env: 'dev', mode: 'delete', now: new Date(Date.now() + 2 * HOUR) });
    expect([report.deleted, report.failed, deletes.calls()]).toEqual([
      ['goldenpath-dev-b-a2', 'goldenpath-dev-b-a3'],
      [
        'goldenpath-dev-b-a1: ValidationError: Stack [goldenpath-dev-b-a1] cannot be deleted while TerminationProtection is enabled',
      ],
      3,
    ]);
    expect(await live()).toEqual(['goldenpath-dev-b-a1']);
  });

  /** Makes moto's `goldenpath-dev-b-stuck` look DELETE_FAILED after `failures` failed deletes. */
  async function stuckStack(failures: number) {
    await moto.reset();
    await cfn.send(
      new CreateStackCommand({
        StackName: 'goldenpath-dev-b-stuck',
        TemplateBody: TEMPLATE,
        Tags: ephemeral('stuck', '1'),
      }),
    );
    type Stacks = { Stacks?: { StackName?: string; StackStatus?: string }[] };
    alterOutput<Stacks>(cfn, 'DescribeStacksCommand', (o) => ({
      ...o,
      Stacks: o.Stacks?.map((st) => ({ ...st, StackStatus: 'DELETE_FAILED' })),
    }));
    type Events = { StackEvents?: Record<string, unknown>[] };
    alterOutput<Events>(cfn, 'DescribeStackEventsCommand', (o) => ({
      ...o,
      StackEvents: [
        ...Array.from({ length: failures }, () => ({
          LogicalResourceId: 'goldenpath-dev-b-stuck',
          ResourceStatus: 'DELETE_FAILED',
        })),
        // A resource's own failure is not a failed stack delete.
        { LogicalResourceId: 'Sweeper', ResourceStatus: 'DELETE_FAILED' },
        ...(o.StackEvents ?? []),
      ],
    }));
    const failed = (LogicalResourceId: string, ResourceType: string) => ({
      LogicalResourceId,
      ResourceType,
      ResourceStatus: 'DELETE_FAILED',
      Timestamp: new Date(0),
    });
    type Resources = { StackResources?: Record<string, unknown>[] };
    alterOutput<Resources>(cfn, 'DescribeStackResourcesCommand', (o) => ({
      ...o,
      StackResources: [
        ...(o.StackResources ?? []),
        failed('ArgoCdBootstrap', 'Custom::AWSCDK-EKS-KubernetesResource'),
        failed('SweeperResource', 'Custom::BuildSweeper'),
        failed('ClusterSecurityGroup', 'AWS::EC2::SecurityGroup'),
      ],
    }));
    const inputs: Record<string, unknown>[] = [];
    injectFault(cfn, 'DeleteStackCommand', (input) => {
      inputs.push(input);
    });
    return inputs;
  }

  test('a DELETE_FAILED build is deleted again with its failed sweeper-owned resources retained', async () => {
    const deletes = await stuckStack(1);
    const report = await reap(cfn, {
      env: 'dev',
      mode: 'delete',
      now: new Date(Date.now() + 2 * HOUR),
      maxDeleteAttempts: 3,
    });
    expect([report.deleted, report.failed]).toEqual([
      ['goldenpath-dev-b-stuck (delete 2 of 3, retaining ArgoCdBootstrap, SweeperResource)'],
      [],
    ]);
    expect(deletes).toEqual([
      {
        StackName: expect.stringMatching(/stack\/goldenpath-dev-b-stuck\//) as unknown,
        RetainResources: ['ArgoCdBootstrap', 'SweeperResource'],
      },
    ]);
  });

  test('a build that failed to delete N times is reported, not deleted again', async () => {
    const deletes = await stuckStack(3);
    const report = await reap(cfn, {
      env: 'dev',
      mode: 'delete',
      now: new Date(Date.now() + 5 * HOUR),
      maxDeleteAttempts: 3,
    });
    expect([report.deleted, report.failed, deletes]).toEqual([
      [],
      [
        'goldenpath-dev-b-stuck: DELETE_FAILED 3 times, left for a person: ArgoCdBootstrap (Custom::AWSCDK-EKS-KubernetesResource), SweeperResource (Custom::BuildSweeper), ClusterSecurityGroup (AWS::EC2::SecurityGroup); see the stack events, then npm run sweep for this build',
      ],
      [],
    ]);
    expect(report.maxOverdueHours).toBeGreaterThanOrEqual(4);
  });
});
