import type { BootstrapValues } from '../../lib/model/bootstrap';
import { bootstrapConfigMapData } from '../../lib/model/cluster-values';
import { ARGOCD_NAMESPACE } from '../../lib/model/kubernetes';

/** Name of the ConfigMap that carries the bootstrap values, in the ArgoCD namespace. */
export const BOOTSTRAP_CONFIGMAP = 'goldenpath-bootstrap';

/**
 * The `argocd/goldenpath-bootstrap` ConfigMap (tier 0): a cluster's bootstrap values, the same the
 * tier catalogue computed its Helm values from, for anything in the cluster that needs them.
 */
export function bootstrapConfigMap(values: BootstrapValues): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: BOOTSTRAP_CONFIGMAP, namespace: ARGOCD_NAMESPACE },
    data: bootstrapConfigMapData(values),
  };
}
