import { appsOfTier } from '../definition';

/** Defines an app of tier 3 (production identity); only the files of `tiers/tier3/` use it. */
export const tier3App = appsOfTier(3);
