import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PlatformApplication } from '../application';
import type { AppChartProps } from '../context';

/** Values of the metrics-server chart this app sets. */
export interface MetricsServerValues {
  readonly replicas: number;
}

/** metrics-server (tier 1, wave 41); two replicas on persistent clusters. */
export class MetricsServerChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const values: MetricsServerValues = { replicas: props.context.bootstrap.mode === 'persistent' ? 2 : 1 };
    new PlatformApplication(this, 'Application', { ...props, values });
  }
}
