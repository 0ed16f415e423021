import type { Tier } from '../lib/model/tier';
import { type PerTier, type TierCatalogue, perTier } from './definition';
import { type HookStep, type ReadRule, type SecretKeyRef, type TierHookProps, shellQuote } from './hooks';

/** One check of a tier's acceptance Job, with the Kubernetes API reads and the secrets it needs. */
export interface AcceptanceStep extends HookStep {
  /** @default - no API access */
  readonly reads?: readonly ReadRule[];
  /** Environment variables from Secrets in the hook's namespace (`argocd`). @default - none */
  readonly secretEnv?: { readonly [name: string]: SecretKeyRef };
}

/** What a tier's acceptance Job runs, the reads its ServiceAccount gets and the secrets it reads. */
export interface TierAcceptance {
  readonly steps: readonly HookStep[];
  readonly reads: readonly ReadRule[];
  /** @default - none */
  readonly secretEnv?: { readonly [name: string]: SecretKeyRef };
}

/** A step script that passes when `url` answers 2xx within 10 seconds. */
export function httpOk(url: string): string {
  return `curl -fsS --max-time 10 -o /dev/null ${shellQuote(url)}`;
}

/**
 * A step script that passes when the JSON of the `curl` command `request` satisfies the jq
 * `filter`. The body is taken first, and must not be empty, so that a failed request fails the
 * step: jq 1.6 exits 0 on empty input even with `-e`, so `curl ... | jq -e` passes when curl fails.
 */
export function curlJson(request: string, filter: string): string {
  return `body=$(${request}) && [ -n "$body" ] && printf '%s' "$body" | jq -e ${shellQuote(filter)} >/dev/null`;
}

/** A step script that passes when the JSON at `url` satisfies the jq `filter`. */
export function httpJson(url: string, filter: string): string {
  return curlJson(`curl -fsS --max-time 10 ${shellQuote(url)}`, filter);
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
    const secretEnv = Object.assign({}, ...all.map((s) => s.secretEnv ?? {})) as TierAcceptance['secretEnv'];
    return Object.keys(secretEnv ?? {}).length > 0 ? { steps, reads, secretEnv } : { steps, reads };
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
  const { steps, reads, secretEnv } = acceptance;
  return { tier, kind: 'acceptance', wave, namespace, steps, reads, ...(secretEnv && { secretEnv }) };
}
