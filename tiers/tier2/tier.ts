import { appsOfTier } from '../definition';

/** Defines an app of tier 2 (platform experience); only the files of `tiers/tier2/` use it. */
export const tier2App = appsOfTier(2);
