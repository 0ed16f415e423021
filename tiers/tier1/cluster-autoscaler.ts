import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PlatformApplication } from '../application';
import type { AppChartProps } from '../context';

/** Values of the cluster-autoscaler chart this app sets. */
export interface ClusterAutoscalerValues {
  readonly autoDiscovery: { readonly clusterName: string };
  readonly awsRegion: string;
  readonly rbac: { readonly serviceAccount: { readonly name: string } };
  readonly extraArgs: Record<string, string | boolean>;
}

/** Cluster Autoscaler (tier 1, wave 40), discovering the node groups of the cluster by name. */
export class ClusterAutoscalerChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const b = props.context.bootstrap;
    const values: ClusterAutoscalerValues = {
      autoDiscovery: { clusterName: b.clusterName },
      awsRegion: b.region,
      rbac: { serviceAccount: { name: 'cluster-autoscaler' } },
      extraArgs: { 'balance-similar-node-groups': true, 'skip-nodes-with-system-pods': false },
    };
    new PlatformApplication(this, 'Application', { ...props, values });
  }
}
