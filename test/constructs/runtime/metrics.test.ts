import { TEARDOWN_NAMESPACE, metricRecord } from '../../../constructs/runtime/metrics';

describe('metricRecord: one CloudWatch Embedded Metric Format line', () => {
  test('without dimensions: each metric published once, dimensionless', () => {
    expect(JSON.parse(metricRecord(1_700_000_000_000, { ReaperErrors: 1 }))).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'goldenpath/teardown',
            Dimensions: [[]],
            Metrics: [{ Name: 'ReaperErrors', Unit: 'Count' }],
          },
        ],
      },
      ReaperErrors: 1,
    });
  });

  test('with dimensions: also once per dimension set, the dimension values beside the metric values', () => {
    const record = JSON.parse(
      metricRecord(5, { BuildsReaped: 2, OldestBuildHours: 30 }, { Environment: 'dev' }),
    ) as Record<string, unknown> & { _aws: { CloudWatchMetrics: unknown[] } };
    expect(record._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: TEARDOWN_NAMESPACE,
        Dimensions: [[], ['Environment']],
        Metrics: [
          { Name: 'BuildsReaped', Unit: 'Count' },
          // A number of hours has no CloudWatch unit of its own.
          { Name: 'OldestBuildHours', Unit: 'None' },
        ],
      },
    ]);
    expect(record).toMatchObject({ Environment: 'dev', BuildsReaped: 2, OldestBuildHours: 30 });
  });

  test('one line: CloudWatch Logs reads a record per log event', () => {
    const line = metricRecord(1, { SweepLeft: 0 }, { ClusterName: 'goldenpath-dev-b-pr-1' });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ ClusterName: 'goldenpath-dev-b-pr-1', SweepLeft: 0 });
  });
});
