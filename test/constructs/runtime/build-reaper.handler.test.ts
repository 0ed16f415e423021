import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { makeHandler } from '../../../constructs/runtime/build-reaper.handler';
import { MOTO_CREDENTIALS } from '../../support/moto';
import { useMoto } from '../../support/services';

describe('BuildReaper handler: scheduled event in, report out', () => {
  const moto = useMoto();

  test('reaps with the clock it is given and the env and mode it is configured with', async () => {
    const cfn = new CloudFormationClient({
      endpoint: moto.endpoint,
      region: 'eu-west-2',
      credentials: MOTO_CREDENTIALS,
      maxAttempts: 1,
    });
    const tags = [
      { Key: 'Environment', Value: 'dev' },
      { Key: 'Lifecycle', Value: 'ephemeral' },
      { Key: 'BuildId', Value: 'pr-7' },
      { Key: 'TtlHours', Value: '24' },
    ];
    const TemplateBody = JSON.stringify({
      Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
    });
    await cfn.send(new CreateStackCommand({ StackName: 'goldenpath-dev-b-pr-7', TemplateBody, Tags: tags }));
    const created = (await cfn.send(new DescribeStacksCommand({ StackName: 'goldenpath-dev-b-pr-7' })))
      .Stacks![0].CreationTime!;

    const logged: string[] = [];
    const handler = makeHandler({
      cfn: () => cfn,
      env: () => ({ env: 'dev', mode: 'delete' }),
      now: () => new Date(created.getTime() + 25 * 3_600_000),
      log: (l) => logged.push(l),
    });
    const report = await handler();
    expect(report).toEqual({
      mode: 'delete',
      expired: [
        `goldenpath-dev-b-pr-7 (expired ${new Date(created.getTime() + 24 * 3_600_000).toISOString()})`,
      ],
      kept: [],
      skipped: [],
      deleted: ['goldenpath-dev-b-pr-7'],
      failed: [],
      maxOverdueHours: 1,
    });
    expect(JSON.parse(logged[1])).toEqual({
      _aws: {
        Timestamp: created.getTime() + 25 * 3_600_000,
        CloudWatchMetrics: [
          {
            Namespace: 'goldenpath/teardown',
            Dimensions: [[], ['Environment']],
            Metrics: [
              { Name: 'BuildsExpired', Unit: 'Count' },
              { Name: 'BuildsDeleted', Unit: 'Count' },
              { Name: 'BuildsFailed', Unit: 'Count' },
              { Name: 'BuildsOverdueHours', Unit: 'None' },
              { Name: 'ReaperErrors', Unit: 'Count' },
            ],
          },
        ],
      },
      Environment: 'dev',
      BuildsExpired: 1,
      BuildsDeleted: 1,
      BuildsFailed: 0,
      BuildsOverdueHours: 1,
      ReaperErrors: 0,
    });
    expect(
      (await cfn.send(new DescribeStacksCommand({}))).Stacks!.filter(
        (s) => s.StackStatus !== 'DELETE_COMPLETE',
      ),
    ).toEqual([]);
  });

  test('a run that cannot list the stacks counts an error and fails, so the schedule retries it', async () => {
    const cfn = new CloudFormationClient({
      endpoint: 'http://127.0.0.1:1',
      region: 'eu-west-2',
      credentials: MOTO_CREDENTIALS,
      maxAttempts: 1,
    });
    const logged: string[] = [];
    const handler = makeHandler({
      cfn: () => cfn,
      env: () => ({ env: 'dev', mode: 'delete' }),
      now: () => new Date(0),
      log: (l) => logged.push(l),
    });
    await expect(handler()).rejects.toThrow(/ECONNREFUSED/);
    expect(logged[0]).toMatch(/^reaper run failed: .*ECONNREFUSED/);
    expect(JSON.parse(logged[1])).toMatchObject({ Environment: 'dev', ReaperErrors: 1 });
  });
});
