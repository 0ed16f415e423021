import { UserInputError, show } from './errors';

/** The platform tiers (DESIGN §3), in order. */
export const TIERS = [0, 1, 1.5, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

/** The two lifecycles of a cluster stack. */
export const LIFECYCLES = ['persistent', 'ephemeral'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** `maxTier` when `-c maxTier` is not given. */
export const DEFAULT_MAX_TIER: { readonly [L in Lifecycle]: Tier } = { persistent: 3, ephemeral: 1.5 };

/**
 * The highest `maxTier` each lifecycle may ask for. A build stops at 1.5: tier 2 needs databases,
 * secrets and a log prefix, and a build reads and writes nothing of the persistent cluster's
 * (DESIGN §9a), so it would need its own of each; tier 3 is production identity.
 */
export const HIGHEST_MAX_TIER: { readonly [L in Lifecycle]: Tier } = { persistent: 3, ephemeral: 1.5 };

/** Why a build cannot have tier `t`, for the error that refuses it. */
const NOT_ON_A_BUILD: { readonly [t: number]: string } = {
  2: "tier 2 would use the persistent cluster's databases, secrets and log bucket, and a build touches nothing of the persistent cluster's; run tier 2 on the persistent cluster",
  3: 'tier 3, production identity, runs on persistent clusters only',
};

/** The tiers a lifecycle may set as `maxTier`. */
export function allowedMaxTiers(lifecycle: Lifecycle): Tier[] {
  return TIERS.filter((t) => t <= HIGHEST_MAX_TIER[lifecycle]);
}

/**
 * Resolves `-c maxTier=<t>` for one lifecycle (DESIGN §3 gating rules).
 *
 * @param raw the context value (a string from the CLI, or a number from cdk.json); `undefined`
 *   takes the lifecycle's default
 * @param buildId the build's id, for the message
 * @throws UserInputError naming the value and the allowed values
 */
export function resolveMaxTier(lifecycle: Lifecycle, raw: unknown, buildId?: string): Tier {
  if (raw === undefined) return DEFAULT_MAX_TIER[lifecycle];
  const allowed = allowedMaxTiers(lifecycle);
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  const tier = allowed.find((t) => t === value);
  if (tier === undefined) {
    const why = lifecycle === 'ephemeral' && typeof value === 'number' ? NOT_ON_A_BUILD[value] : undefined;
    const cluster =
      lifecycle === 'ephemeral'
        ? `with -c buildId${buildId === undefined ? '' : `=${buildId}`} (an ephemeral cluster${why ? `: ${why}` : ''})`
        : 'for a persistent cluster';
    throw new UserInputError('Invalid maxTier', [
      `-c maxTier=${typeof raw === 'string' ? raw : show(raw)} ${cluster}; allowed: ${allowed.join(', ')}`,
    ]);
  }
  return tier;
}

/** One `V` per tier, keyed by the tier as text: `'0'`, `'1'`, `'1.5'`, `'2'`, `'3'`. */
export type PerTier<V> = { readonly [T in Tier as `${T}`]: V };

/** `a persistent`, `an ephemeral`: for messages. */
export function withArticle(lifecycle: Lifecycle): string {
  return `${lifecycle === 'ephemeral' ? 'an' : 'a'} ${lifecycle}`;
}
