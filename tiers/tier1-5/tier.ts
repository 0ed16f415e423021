import { appsOfTier } from '../definition';

/** Defines an app of tier 1.5 (core observability); only the files of `tiers/tier1-5/` use it. */
export const tier1_5App = appsOfTier(1.5);
