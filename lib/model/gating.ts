import { type Catalogue, type CatalogueEntry, secretsNeededBy } from './catalogue';
import type { EnvironmentName } from './config';
import type { FoundationCapabilities, FoundationCapability } from './contract';
import { UserInputError } from './errors';
import { type Lifecycle, TIERS, type Tier, resolveMaxTier, withArticle } from './tier';

/** What the Foundation of an environment offers the tiers. */
export interface FoundationOffer {
  /** The environment whose Foundation this is (errors name it). */
  readonly env: EnvironmentName;
  readonly capabilities: FoundationCapabilities;
  /** Ids of the secrets it publishes (`platformSecrets`), for example `backstage/postgres`. */
  readonly secretIds: readonly string[];
}

/** What a cluster asks for. */
export interface GatingRequest {
  readonly lifecycle: Lifecycle;
  /**
   * As `parseAppContext` resolved it for the lifecycle (`resolveMaxTier`); checked again here
   * against the lifecycle's highest (a build above 1.5 is refused whoever asks).
   */
  readonly maxTier: Tier;
  readonly foundation: FoundationOffer;
}

/** An app the gating left out, and why. */
export interface ExcludedApp {
  readonly name: string;
  readonly tier: Tier;
  readonly wave: number;
  readonly reason: string;
}

/** The gating decision of one cluster: what ArgoCD deploys and what it does not. */
export interface GatingResult<E extends CatalogueEntry = CatalogueEntry> {
  readonly lifecycle: Lifecycle;
  readonly maxTier: Tier;
  /** The apps of the catalogue given to `gate`, in sync-wave order. */
  readonly selected: readonly E[];
  readonly excluded: readonly ExcludedApp[];
}

/**
 * Selects the apps of `catalogue` a cluster deploys (DESIGN §3 gating rules), and checks in the
 * same pass that the Foundation can serve them (DESIGN §8, synth layer). An app runs when its
 * lifecycle is allowed and its tier is at most `maxTier`; then every capability the tiers up to
 * `maxTier` (`catalogue.tierNeeds`) and the selected apps need must be provided, and every secret a
 * selected app reads must be published.
 *
 * @throws UserInputError when `maxTier` is above what the lifecycle allows (`resolveMaxTier`)
 * @throws UserInputError with every problem at once: each missing capability with the tiers that
 *   need it, each missing secret with the app that reads it (never a silent skip)
 */
export function gate<E extends CatalogueEntry>(
  catalogue: Catalogue<E>,
  request: GatingRequest,
): GatingResult<E> {
  const { lifecycle, maxTier, foundation } = request;
  resolveMaxTier(lifecycle, maxTier);
  const selected: E[] = [];
  const excluded: ExcludedApp[] = [];
  const secretProblems: string[] = [];
  /** Each missing capability, with the tiers that need it. */
  const missing = new Map<FoundationCapability, Set<Tier>>();
  const need = (capability: FoundationCapability, tier: Tier) => {
    if (!foundation.capabilities[capability])
      missing.set(capability, (missing.get(capability) ?? new Set()).add(tier));
  };
  // What the tiers themselves need (tier 0's VPC has no app of its own), then what each app needs.
  for (const tier of TIERS.filter((t) => t <= maxTier))
    catalogue.tierNeeds[`${tier}`].forEach((c) => need(c, tier));
  for (const entry of [...catalogue.apps].sort((a, b) => a.wave - b.wave)) {
    const out = (reason: string) =>
      excluded.push({ name: entry.name, tier: entry.tier, wave: entry.wave, reason });
    if (!entry.lifecycles.includes(lifecycle)) {
      out(`runs on ${entry.lifecycles.join(' and ')} clusters only, this one is ${lifecycle}`);
      continue;
    }
    if (entry.tier > maxTier) {
      out(`tier ${entry.tier} is above maxTier ${maxTier}`);
      continue;
    }
    entry.needs.forEach((c) => need(c, entry.tier));
    for (const secret of secretsNeededBy(entry).filter((s) => !foundation.secretIds.includes(s))) {
      secretProblems.push(
        `${entry.name} (tier ${entry.tier}) reads secret "${secret}", which the Foundation does not publish; lower -c maxTier below ${entry.tier}, or add it to the Foundation`,
      );
    }
    selected.push(entry);
  }
  const capabilityProblems = [...missing].map(([capability, tiers]) => {
    const needers = [...tiers].sort((a, b) => a - b);
    const lower = needers[0] > 0 ? `lower -c maxTier below ${needers[0]}, or ` : '';
    return `capability "${capability}" (needed by tier ${needers.join(', ')}) is not provided by environments.${foundation.env}; ${lower}add it to config/environments.json`;
  });
  UserInputError.throwIfAny(
    `-c maxTier=${maxTier}: the Foundation of environment "${foundation.env}" cannot serve ${withArticle(lifecycle)} cluster`,
    [...capabilityProblems, ...secretProblems],
  );
  return { lifecycle, maxTier, selected, excluded };
}

/** The gating result as plain JSON (written next to the rendered manifests for the diff tooling). */
export function gatingJson(result: GatingResult): Record<string, unknown> {
  return {
    lifecycle: result.lifecycle,
    maxTier: result.maxTier,
    selected: result.selected.map((e) => ({ name: e.name, tier: e.tier, wave: e.wave })),
    excluded: result.excluded.map((e) => ({ name: e.name, tier: e.tier, wave: e.wave, reason: e.reason })),
  };
}
