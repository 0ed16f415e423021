import type { WorkloadIdentity } from '../../lib/model/catalogue';
import { ALL_LIFECYCLES } from '../definition';
import { tier1App } from './tier';

/** Values of the cluster-autoscaler chart this app sets. */
export interface ClusterAutoscalerValues {
  readonly autoDiscovery: { readonly clusterName: string };
  readonly awsRegion: string;
  readonly rbac: { readonly serviceAccount: { readonly name: string } };
  readonly extraArgs: Record<string, string | boolean>;
}

const IDENTITY: WorkloadIdentity = { namespace: 'kube-system', serviceAccount: 'cluster-autoscaler' };

/** Cluster Autoscaler (tier 1, wave 40), discovering the node groups of the cluster by name. */
export const clusterAutoscaler = tier1App({
  name: 'cluster-autoscaler',
  wave: 40,
  namespace: IDENTITY.namespace,
  chart: 'clusterAutoscaler',
  needs: ['iam'],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'Cluster Autoscaler, auto-discovering the cluster’s node groups',
  workloadIdentity: IDENTITY,
  values: ({ bootstrap }): ClusterAutoscalerValues => ({
    autoDiscovery: { clusterName: bootstrap.clusterName },
    awsRegion: bootstrap.region,
    rbac: { serviceAccount: { name: IDENTITY.serviceAccount } },
    extraArgs: { 'balance-similar-node-groups': true, 'skip-nodes-with-system-pods': false },
  }),
});
