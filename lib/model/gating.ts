import type { CatalogueEntry } from './catalogue';
import type { FoundationCapabilities, FoundationCapability } from './contract';
import { UserInputError } from './errors';
import { type Lifecycle, TIERS, TIER_CAPABILITIES, type Tier, resolveMaxTier } from './tier';

/** What the Foundation of an environment offers the tiers. */
export interface FoundationOffer {
  readonly capabilities: FoundationCapabilities;
  /** Ids of the secrets it publishes (`platformSecrets(config)`), for example `backstage/postgres`. */
  readonly secretIds: readonly string[];
}

/** What a cluster asks for. */
export interface GatingRequest {
  readonly lifecycle: Lifecycle;
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
  /** The entries of the catalogue given to `gate`, in sync-wave order. */
  readonly selected: readonly E[];
  readonly excluded: readonly ExcludedApp[];
}

/** What an app needs from the Foundation: its own needs plus those of every lower tier. */
export function capabilitiesNeededBy(entry: CatalogueEntry): FoundationCapability[] {
  const lower = TIERS.filter((t) => t < entry.tier).flatMap((t) => TIER_CAPABILITIES[`${t}`]);
  return [...new Set([...lower, ...entry.needs])];
}

/**
 * Selects the apps of `catalogue` a cluster deploys (DESIGN §3 gating rules): an app runs when
 * its lifecycle is allowed and its tier is at most `maxTier`; it then must get every capability
 * and secret it needs from the Foundation, or the request is impossible.
 *
 * @throws UserInputError for a `maxTier` the lifecycle may not have, or naming every selected
 *   app with the capability or secret the Foundation lacks (never a silent skip)
 */
export function gate<E extends CatalogueEntry>(
  catalogue: readonly E[],
  request: GatingRequest,
): GatingResult<E> {
  const { lifecycle, maxTier, foundation } = request;
  resolveMaxTier(lifecycle, maxTier);
  const selected: E[] = [];
  const excluded: ExcludedApp[] = [];
  const problems: string[] = [];
  for (const entry of [...catalogue].sort((a, b) => a.wave - b.wave)) {
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
    const fix = `lower -c maxTier below ${entry.tier}, or add it to the Foundation`;
    for (const capability of capabilitiesNeededBy(entry)) {
      if (!foundation.capabilities[capability]) {
        problems.push(
          `${entry.name} (tier ${entry.tier}) needs Foundation capability "${capability}", which the Foundation does not provide; ${fix}`,
        );
      }
    }
    for (const secret of entry.secrets) {
      if (!foundation.secretIds.includes(secret)) {
        problems.push(
          `${entry.name} (tier ${entry.tier}) reads secret "${secret}", which the Foundation does not publish; ${fix}`,
        );
      }
    }
    selected.push(entry);
  }
  if (problems.length > 0) {
    throw new UserInputError(
      `The Foundation cannot serve maxTier ${maxTier} on this ${lifecycle} cluster`,
      problems,
    );
  }
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
