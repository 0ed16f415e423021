/** The CloudWatch namespace of the teardown's metrics (sweeper and reaper). */
export const TEARDOWN_NAMESPACE = 'goldenpath/teardown';

/**
 * One CloudWatch Embedded Metric Format record: a log line that CloudWatch Logs turns into
 * metrics, so the functions need no CloudWatch client or `PutMetricData` permission. Each metric
 * is published once without dimensions (what an alarm watches) and once per dimension given.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function metricRecord(
  timestamp: number,
  metrics: Readonly<Record<string, number>>,
  dimensions: Readonly<Record<string, string>> = {},
): string {
  const keys = Object.keys(dimensions);
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: TEARDOWN_NAMESPACE,
          Dimensions: keys.length === 0 ? [[]] : [[], keys],
          Metrics: Object.keys(metrics).map((Name) => ({
            Name,
            Unit: Name.endsWith('Hours') ? 'None' : 'Count',
          })),
        },
      ],
    },
    ...dimensions,
    ...metrics,
  });
}
