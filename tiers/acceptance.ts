import type { Tier } from '../lib/model/tier';
import { type PerTier, type TierCatalogue, perTier } from './definition';
import { type HookStep, type ReadRule, type TierHookProps, shellQuote } from './hooks';

/** One check of a tier's acceptance Job, with the Kubernetes API reads it needs. */
export interface AcceptanceStep extends HookStep {
  /** @default - no API access */
  readonly reads?: readonly ReadRule[];
}

/** What a tier's acceptance Job runs, and the reads its ServiceAccount gets. */
export interface TierAcceptance {
  readonly steps: readonly HookStep[];
  readonly reads: readonly ReadRule[];
}

/** A step script that passes when `url` answers 2xx within 10 seconds. */
export function httpOk(url: string): string {
  return `curl -fsS --max-time 10 -o /dev/null ${shellQuote(url)}`;
}

/** A step script that passes when the JSON at `url` satisfies the jq `filter`. */
export function httpJson(url: string, filter: string): string {
  return `curl -fsS --max-time 10 ${shellQuote(url)} | jq -e ${shellQuote(filter)}`;
}

/**
 * Acceptance of each tier after it synced (DESIGN §3), derived from the catalogue: the tier's own
 * steps, then its apps' in wave order; the Job reads what any step reads.
 */
export function acceptanceOf(catalogue: TierCatalogue): PerTier<TierAcceptance> {
  return perTier((tier) => {
    const definition = catalogue[`${tier}`];
    const own: readonly AcceptanceStep[] = definition.acceptance ?? [];
    const all = [...own, ...definition.apps.flatMap((app) => app.acceptance ?? [])];
    const reads: ReadRule[] = [];
    for (const r of all.flatMap((s) => s.reads ?? [])) {
      if (!reads.some((x) => x.apiGroup === r.apiGroup && x.resource === r.resource)) reads.push(r);
    }
    const steps = all.map(({ id, description, remedy, script }) => ({ id, description, remedy, script }));
    return { steps, reads };
  });
}

/**
 * The acceptance hook of `tier` in `namespace`, run in the root's wave `wave` (after the tier's last
 * app), or `undefined` for a tier without acceptance checks.
 */
export function acceptanceHook(
  tier: Tier,
  wave: number,
  namespace: string,
  acceptance: TierAcceptance,
): TierHookProps | undefined {
  if (acceptance.steps.length === 0) return undefined;
  return { tier, kind: 'acceptance', wave, namespace, steps: acceptance.steps, reads: acceptance.reads };
}
