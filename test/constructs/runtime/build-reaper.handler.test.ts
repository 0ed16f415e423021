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

    const handler = makeHandler({
      cfn: () => cfn,
      env: () => ({ env: 'dev', mode: 'delete' }),
      now: () => new Date(created.getTime() + 25 * 3_600_000),
    });
    const report = await handler();
    expect(report).toEqual({
      mode: 'delete',
      expired: [
        `goldenpath-dev-b-pr-7 (expired ${new Date(created.getTime() + 24 * 3_600_000).toISOString()})`,
      ],
      kept: [],
      skipped: [],
    });
    expect(
      (await cfn.send(new DescribeStacksCommand({}))).Stacks!.filter(
        (s) => s.StackStatus !== 'DELETE_COMPLETE',
      ),
    ).toEqual([]);
  });
});
