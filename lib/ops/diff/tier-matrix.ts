import { isKubernetesObject, type ManifestDocument } from './manifest-diff';

/** The label every ArgoCD Application carries (DESIGN §3). */
export const TIER_LABEL = 'goldenpath.idp/tier';

/** Where one app stands on one cluster stack. */
export interface TierCell {
  readonly tier: string;
  readonly selected: boolean;
  /** Why the gating left it out. @default - no reason recorded */
  readonly reason?: string;
}

/** Cluster stack name → app name → cell. */
export type TierMatrix = ReadonlyMap<string, ReadonlyMap<string, TierCell>>;

/** One app on one stack whose cell differs between the sides (`undefined`: not listed on that side). */
export interface TierChange {
  readonly stackName: string;
  readonly app: string;
  readonly before?: TierCell;
  readonly after?: TierCell;
}

/**
 * The tier matrix of one stack's rendered manifests.
 *
 * Two sources, merged: the gating result (any non-Kubernetes document that lists apps with a tier,
 * with `selected`/`excluded` either as a field of each entry or as the name of the list holding
 * it), and the ArgoCD Applications themselves, whose `goldenpath.idp/tier` label is authoritative
 * for what is deployed.
 */
export function tierMatrixOf(docs: readonly ManifestDocument[]): Map<string, TierCell> {
  const cells = new Map<string, TierCell>();
  for (const doc of docs) if (!isKubernetesObject(doc.value)) collectGating(doc.value, undefined, 0, cells);
  for (const doc of docs) {
    const o = doc.value;
    if (!isKubernetesObject(o) || o.kind !== 'Application' || !o.apiVersion.startsWith('argoproj.io/'))
      continue;
    const tier = (o.metadata as { labels?: Record<string, unknown> }).labels?.[TIER_LABEL];
    if (typeof tier === 'string' || typeof tier === 'number')
      cells.set(o.metadata.name, { tier: String(tier), selected: true });
  }
  return cells;
}

/** Every (stack, app) whose tier or selection changed, sorted by stack then app. */
export function diffTierMatrix(base: TierMatrix, head: TierMatrix): TierChange[] {
  const changes: TierChange[] = [];
  const stacks = [...new Set([...base.keys(), ...head.keys()])].sort();
  for (const stackName of stacks) {
    const before = base.get(stackName) ?? new Map<string, TierCell>();
    const after = head.get(stackName) ?? new Map<string, TierCell>();
    for (const app of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const b = before.get(app);
      const a = after.get(app);
      if (b?.tier !== a?.tier || b?.selected !== a?.selected || b?.reason !== a?.reason)
        changes.push({ stackName, app, before: b, after: a });
    }
  }
  return changes;
}

const EXCLUDED_LISTS = ['excluded', 'skipped', 'gated', 'notSelected'];

function collectGating(
  value: unknown,
  listName: string | undefined,
  depth: number,
  into: Map<string, TierCell>,
): void {
  if (depth > 4 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const entry of value) {
      const cell = gatingEntry(entry, listName);
      if (cell) into.set(cell.app, cell.cell);
      else collectGating(entry, listName, depth + 1, into);
    }
    return;
  }
  for (const [key, child] of Object.entries(value)) collectGating(child, key, depth + 1, into);
}

function gatingEntry(
  entry: unknown,
  listName: string | undefined,
): { app: string; cell: TierCell } | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const e = entry as Record<string, unknown>;
  const app = typeof e.app === 'string' ? e.app : typeof e.name === 'string' ? e.name : undefined;
  if (app === undefined || (typeof e.tier !== 'number' && typeof e.tier !== 'string')) return undefined;
  const selected =
    typeof e.selected === 'boolean'
      ? e.selected
      : typeof e.excluded === 'boolean'
        ? !e.excluded
        : typeof e.status === 'string'
          ? !/exclu|skip|gated|off/i.test(e.status)
          : !EXCLUDED_LISTS.includes(listName ?? '');
  const reason = typeof e.reason === 'string' ? e.reason : undefined;
  return {
    app,
    cell: { tier: String(e.tier), selected, ...(reason !== undefined && !selected ? { reason } : {}) },
  };
}
