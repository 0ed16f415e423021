import { UserInputError, show } from './errors';

/** The platform tiers (DESIGN §3), in order. */
export const TIERS = [0, 1, 1.5, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

/** The two lifecycles of a cluster stack. */
export const LIFECYCLES = ['persistent', 'ephemeral'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** `maxTier` when `-c maxTier` is not given. */
export const DEFAULT_MAX_TIER: { readonly [L in Lifecycle]: Tier } = { persistent: 3, ephemeral: 1.5 };

/** The highest `maxTier` each lifecycle may ask for: a build may be raised to 2, never to 3. */
export const HIGHEST_MAX_TIER: { readonly [L in Lifecycle]: Tier } = { persistent: 3, ephemeral: 2 };

/** The tiers a lifecycle may set as `maxTier`. */
export function allowedMaxTiers(lifecycle: Lifecycle): Tier[] {
  return TIERS.filter((t) => t <= HIGHEST_MAX_TIER[lifecycle]);
}

/**
 * Resolves `-c maxTier=<t>` for one lifecycle (DESIGN §3 gating rules).
 *
 * @param raw the context value (a string from the CLI, or a number from cdk.json); `undefined`
 *   takes the lifecycle's default
 * @throws UserInputError naming the value and the allowed values
 */
export function resolveMaxTier(lifecycle: Lifecycle, raw: unknown): Tier {
  if (raw === undefined) return DEFAULT_MAX_TIER[lifecycle];
  const allowed = allowedMaxTiers(lifecycle);
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  const tier = allowed.find((t) => t === value);
  if (tier === undefined) {
    const why =
      lifecycle === 'ephemeral' && value === 3
        ? ' (tier 3, production identity, runs on persistent clusters only)'
        : '';
    throw new UserInputError('Invalid maxTier', [
      `-c maxTier=${typeof raw === 'string' ? raw : show(raw)} for ${withArticle(lifecycle)} cluster${why}; allowed: ${allowed.join(', ')}`,
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
