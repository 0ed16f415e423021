import { ARGOCD_NAMESPACE } from '../../lib/model/kubernetes';
import { TIER_LABEL } from '../application';
import { type TierDefinition, appsOfTier } from '../definition';

/** Defines an app of tier 1; only the files of `tiers/tier1/` use it. */
export const tier1App = appsOfTier(1);

/**
 * Tier 1, the delivery plane (DESIGN §3): ArgoCD (installed by the cluster stack) and the apps it
 * deploys first. Its acceptance starts with every tier 1 Application Healthy.
 */
export const TIER_1: Omit<TierDefinition<1>, 'apps'> = {
  tier: 1,
  acceptance: [
    {
      id: 'tier-1-applications-healthy',
      description: 'every tier 1 Application is Healthy',
      remedy: `kubectl get applications -n ${ARGOCD_NAMESPACE} -l ${TIER_LABEL}=1`,
      script: `kubectl wait --for=jsonpath='{.status.health.status}'=Healthy applications.argoproj.io -n ${ARGOCD_NAMESPACE} -l ${TIER_LABEL}=1 --timeout=120s`,
      reads: [{ apiGroup: 'argoproj.io', resource: 'applications' }],
    },
  ],
};
