import {
  Duration,
  aws_cloudwatch as cw,
  aws_cloudwatch_actions as cwActions,
  aws_rds as rds,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { alarmName } from '../../lib/model/naming';

export interface DatabaseAlarmsProps {
  readonly instance: rds.IDatabaseInstance;
  /** Prefix of every alarm name (`databaseAlarmPrefix`), for example `goldenpath-dev-foundation-rds`. */
  readonly alarmNamePrefix: string;
  /** Storage allocated to the instance; the free-storage alarms are a share of it. */
  readonly allocatedStorageGiB: number;
  /** The instance's `max_connections`; the connections alarm is a share of it. */
  readonly maxConnections: number;
  /**
   * Topic that receives every alarm and its return to OK.
   * @default - the alarms have no action; they show in the CloudWatch console only
   */
  readonly topic?: sns.ITopic;
  /**
   * Length of one evaluation period; an alarm fires after three breaching periods in a row.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/** One alarm's threshold; `warning` fires first, `critical` when it is urgent. */
interface Rule {
  readonly id: string;
  readonly metric: cw.IMetric;
  readonly comparison: cw.ComparisonOperator;
  readonly thresholds: { readonly warning: number; readonly critical?: number };
  readonly description: string;
}

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/**
 * CloudWatch alarms on the platform database (DESIGN §7): CPU, freeable memory, free storage,
 * connections and read/write latency, at a warning and (where it matters) a critical level.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
 */
export class DatabaseAlarms extends Construct {
  /** Every alarm, keyed `<metric>-<severity>` (`cpu-warning`, `cpu-critical`, ...). */
  public readonly alarms: { readonly [key: string]: cw.Alarm };

  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(5);
    const db = props.instance;
    const storage = props.allocatedStorageGiB * GIB;
    const rules: Rule[] = [
      {
        id: 'cpu',
        metric: db.metricCPUUtilization({ period }),
        comparison: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        thresholds: { warning: 70, critical: 90 },
        description: 'CPU utilisation (%)',
      },
      {
        id: 'freeable-memory',
        metric: db.metricFreeableMemory({ period }),
        comparison: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
        thresholds: { warning: 512 * MIB, critical: 256 * MIB },
        description: 'freeable memory (bytes; 512 MiB / 256 MiB)',
      },
      {
        id: 'free-storage',
        metric: db.metricFreeStorageSpace({ period }),
        comparison: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
        thresholds: { warning: Math.round(storage * 0.3), critical: Math.round(storage * 0.15) },
        description: `free storage (bytes; 30 % / 15 % of the ${props.allocatedStorageGiB} GiB allocated)`,
      },
      {
        id: 'connections',
        metric: db.metricDatabaseConnections({ period }),
        comparison: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        thresholds: { warning: Math.floor(props.maxConnections * 0.7) },
        description: `connections (70 % of max_connections = ${props.maxConnections})`,
      },
      {
        id: 'read-latency',
        metric: db.metric('ReadLatency', { period, statistic: cw.Stats.AVERAGE }),
        comparison: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        thresholds: { warning: 0.05 },
        description: 'read latency (seconds; 50 ms)',
      },
      {
        id: 'write-latency',
        metric: db.metric('WriteLatency', { period, statistic: cw.Stats.AVERAGE }),
        comparison: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        thresholds: { warning: 0.05 },
        description: 'write latency (seconds; 50 ms)',
      },
    ];

    const alarms: Record<string, cw.Alarm> = {};
    for (const rule of rules) {
      for (const severity of ['warning', 'critical'] as const) {
        const threshold = rule.thresholds[severity];
        if (threshold === undefined) continue;
        const key = `${rule.id}-${severity}`;
        const alarm = new cw.Alarm(this, key, {
          alarmName: alarmName(props.alarmNamePrefix, key),
          alarmDescription: `${severity.toUpperCase()}: platform database ${rule.description} ${rule.comparison === cw.ComparisonOperator.LESS_THAN_THRESHOLD ? 'below' : 'above'} ${threshold}`,
          metric: rule.metric,
          comparisonOperator: rule.comparison,
          threshold,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          treatMissingData: cw.TreatMissingData.MISSING,
        });
        if (props.topic) {
          alarm.addAlarmAction(new cwActions.SnsAction(props.topic));
          alarm.addOkAction(new cwActions.SnsAction(props.topic));
        }
        alarms[key] = alarm;
      }
    }
    this.alarms = alarms;
  }
}
