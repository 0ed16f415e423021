import { WORKLOAD_SERVICE_ACCOUNTS } from '../../../constructs/cluster/workload-identities';
import { TIER_0 } from '../../../tiers/tier0/tier';

describe('tier 0', () => {
  test('no ArgoCD app; needs the VPC; one identity: the service account the EBS CSI role is bound to', () => {
    expect(TIER_0).toEqual({
      tier: 0,
      needs: ['vpc'],
      workloadIdentities: [WORKLOAD_SERVICE_ACCOUNTS.ebsCsi],
      apps: [],
    });
  });
});
