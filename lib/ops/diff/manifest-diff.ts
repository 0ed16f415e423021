import { parseAllDocuments, stringify } from 'yaml';
import { unifiedDiff } from './unified-diff';

/** One document of a rendered manifest, under a stable key. */
export interface ManifestDocument {
  /**
   * `<apiVersion> <kind> <namespace>/<name>` (`<apiVersion> <kind> <name>` when cluster-scoped) for
   * a Kubernetes object; `file <path>` (`#<n>` for the n-th document) for anything else, such as
   * the gating result.
   */
  readonly key: string;
  readonly value: unknown;
  /** Canonical YAML (keys sorted) so that key order never shows up as a change. */
  readonly text: string;
}

/** How the documents of one stack's manifests changed. */
export interface ManifestChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly key: string; readonly diff: string }[];
}

/** Whether a document is a Kubernetes object (it has `apiVersion`, `kind` and `metadata.name`). */
export function isKubernetesObject(
  value: unknown,
): value is { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
  return (
    typeof v.apiVersion === 'string' && typeof v.kind === 'string' && typeof v.metadata?.name === 'string'
  );
}

/**
 * Splits manifest files into documents: every YAML document of a `.yaml`/`.yml` file, the
 * value of a `.json` file (each element when it is an array), `items` of a Kubernetes `List`.
 *
 * @throws Error naming the file when one does not parse
 */
export function parseManifestFiles(files: ReadonlyMap<string, string>): ManifestDocument[] {
  const docs: ManifestDocument[] = [];
  const seen = new Map<string, number>();
  for (const [path, content] of files) {
    const values = path.endsWith('.json') ? jsonValues(path, content) : yamlValues(path, content);
    values.forEach((value, index) => {
      for (const item of listItems(value)) {
        const base = isKubernetesObject(item)
          ? objectKey(item)
          : values.length > 1
            ? `file ${path}#${index + 1}`
            : `file ${path}`;
        const count = (seen.get(base) ?? 0) + 1;
        seen.set(base, count);
        docs.push({ key: count === 1 ? base : `${base} (${count})`, value: item, text: canonicalYaml(item) });
      }
    });
  }
  return docs;
}

/** Compares the documents of two sides, by key. */
export function diffManifests(
  base: readonly ManifestDocument[],
  head: readonly ManifestDocument[],
): ManifestChanges {
  const before = new Map(base.map((d) => [d.key, d]));
  const after = new Map(head.map((d) => [d.key, d]));
  const added = [...after.keys()].filter((k) => !before.has(k)).sort();
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort();
  const changed = [...after.keys()]
    .filter((k) => before.has(k) && before.get(k)!.text !== after.get(k)!.text)
    .sort()
    .map((key) => ({
      key,
      diff: unifiedDiff(before.get(key)!.text, after.get(key)!.text, `base ${key}`, `head ${key}`),
    }));
  return { added, removed, changed };
}

function objectKey(o: {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}): string {
  const ns = o.metadata.namespace ? `${o.metadata.namespace}/` : '';
  return `${o.apiVersion} ${o.kind} ${ns}${o.metadata.name}`;
}

function listItems(value: unknown): unknown[] {
  const v = value as { kind?: unknown; items?: unknown };
  if (
    typeof v === 'object' &&
    v !== null &&
    typeof v.kind === 'string' &&
    v.kind.endsWith('List') &&
    Array.isArray(v.items)
  )
    return v.items;
  return [value];
}

function jsonValues(path: string, content: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (err) {
    throw new Error(`manifest ${path}: not valid JSON: ${(err as Error).message}`);
  }
  return Array.isArray(value) && value.every(isKubernetesObject) ? value : [value];
}

function yamlValues(path: string, content: string): unknown[] {
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(content)) {
    if (doc.errors.length > 0) throw new Error(`manifest ${path}: not valid YAML: ${doc.errors[0].message}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

function canonicalYaml(value: unknown): string {
  return stringify(value, { sortMapEntries: true, lineWidth: 0 });
}
