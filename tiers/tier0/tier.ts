import type { TierDefinition } from '../definition';

/**
 * Tier 0, cluster viability (DESIGN §3): the EKS control plane, the managed node group and the EKS
 * add-ons, which the cluster stack builds itself, plus the default StorageClass and the bootstrap
 * ConfigMap it applies with ArgoCD's Applications. No ArgoCD app belongs to it.
 */
export const TIER_0: TierDefinition<0> = {
  tier: 0,
  needs: ['vpc'],
  // The EBS CSI driver (an EKS add-on) provisions the volumes of the gp3 StorageClass.
  workloadIdentities: [{ namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' }],
  apps: [],
};
