import { diffManifests, parseManifestFiles, type ManifestChanges } from './manifest-diff';
import type { Snapshot } from './snapshot';
import { diffTemplate, type TemplateChanges } from './template-diff';
import { diffTierMatrix, tierMatrixOf, type TierChange, type TierCell } from './tier-matrix';

/** How one stack changed between the two sides. */
export interface StackChanges {
  readonly stackName: string;
  /** @default - the template did not change */
  readonly template?: TemplateChanges;
  /** @default - the manifests did not change */
  readonly manifests?: ManifestChanges;
}

/** Everything `npm run diff` found. */
export interface DiffResult {
  /** Stacks with any change, sorted by name. */
  readonly stacks: readonly StackChanges[];
  readonly tierChanges: readonly TierChange[];
  /** Stacks compared (present on either side). */
  readonly stackCount: number;
  readonly hasChanges: boolean;
}

/** Compares two synths stack by stack: templates, manifests, tier matrix. */
export function compareSnapshots(base: Snapshot, head: Snapshot): DiffResult {
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const stacks: StackChanges[] = [];
  const baseTiers = new Map<string, Map<string, TierCell>>();
  const headTiers = new Map<string, Map<string, TierCell>>();
  for (const stackName of names) {
    const b = base.get(stackName);
    const h = head.get(stackName);
    const template =
      b?.template === undefined && h?.template === undefined
        ? undefined
        : diffTemplate(b?.template, h?.template);
    const baseDocs = parseManifestFiles(b?.manifestFiles ?? new Map<string, string>());
    const headDocs = parseManifestFiles(h?.manifestFiles ?? new Map<string, string>());
    const m = diffManifests(baseDocs, headDocs);
    const manifests = m.added.length + m.removed.length + m.changed.length > 0 ? m : undefined;
    if (template || manifests) stacks.push({ stackName, template, manifests });
    const bt = tierMatrixOf(baseDocs);
    const ht = tierMatrixOf(headDocs);
    if (bt.size > 0) baseTiers.set(stackName, bt);
    if (ht.size > 0) headTiers.set(stackName, ht);
  }
  const tierChanges = diffTierMatrix(baseTiers, headTiers);
  return {
    stacks,
    tierChanges,
    stackCount: names.length,
    hasChanges: stacks.length > 0 || tierChanges.length > 0,
  };
}
