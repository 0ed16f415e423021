import { ALL_LIFECYCLES } from '../definition';
import { tier1App } from './tier';

/** Values of the metrics-server chart this app sets. */
export interface MetricsServerValues {
  readonly replicas: number;
}

/** metrics-server (tier 1, wave 41); two replicas on persistent clusters. */
export const metricsServer = tier1App({
  name: 'metrics-server',
  wave: 41,
  namespace: 'kube-system',
  chart: 'metricsServer',
  needs: [],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'metrics-server',
  values: ({ bootstrap }): MetricsServerValues => ({ replicas: bootstrap.mode === 'persistent' ? 2 : 1 }),
});
