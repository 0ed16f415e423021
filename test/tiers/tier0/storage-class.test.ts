import { gp3StorageClass } from '../../../tiers/tier0/storage-class';

describe('the default StorageClass (tier 0)', () => {
  test('gp3 through the EBS CSI driver, encrypted, the default, bound where the pod lands', () => {
    expect(gp3StorageClass()).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.aws.com',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
      parameters: { type: 'gp3', encrypted: 'true' },
    });
  });

  test('its keys keep their order: the manifest resource embeds it as JSON in the template', () => {
    expect(JSON.stringify(gp3StorageClass())).toBe(
      '{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"gp3","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},"provisioner":"ebs.csi.aws.com","volumeBindingMode":"WaitForFirstConsumer","allowVolumeExpansion":true,"reclaimPolicy":"Delete","parameters":{"type":"gp3","encrypted":"true"}}',
    );
  });
});
