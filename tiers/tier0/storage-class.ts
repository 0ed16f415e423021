/** Name of the default StorageClass. */
export const DEFAULT_STORAGE_CLASS = 'gp3';

/**
 * The default StorageClass (tier 0): gp3 through the EBS CSI driver, encrypted, bound where the
 * pod lands, expandable. Every PersistentVolumeClaim without a class (kube-prometheus-stack's)
 * gets it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html
 */
export function gp3StorageClass(): Record<string, unknown> {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: DEFAULT_STORAGE_CLASS,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: 'ebs.csi.aws.com',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
    reclaimPolicy: 'Delete',
    parameters: { type: 'gp3', encrypted: 'true' },
  };
}
