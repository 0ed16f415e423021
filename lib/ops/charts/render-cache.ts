import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from './kube-object';

/** Everything that decides what one `helm template` prints. */
export interface RenderKey {
  /** The helm executable. */
  readonly helm: string;
  /** The chart archive. */
  readonly archive: string;
  /** The values file's content. */
  readonly values: string;
  /** helm's arguments, with the archive and the values file as placeholders. */
  readonly args: readonly string[];
}

/** Entries this process has made or read, by cache file: their JSON. */
const memory = new Map<string, string>();
/** Cache directories this process has made. */
const made = new Set<string>();

/**
 * `render()`, memoized in this process and in the directory `dir`, which other processes (jest
 * workers, later test files) share: a chart rendered once with the same values, arguments and helm
 * is read back instead of run through helm and parsed again.
 *
 * The key is the content of the chart archive and of the values, the arguments, and the helm
 * executable's identity (path, inode, size and modification time: `layerTools` extracts it once
 * into a directory named after its version and never rewrites it, and hashing its 60 MB in every
 * process would cost more than it saves). An entry is written to a file of its own and renamed into
 * place, so a reader never sees half of one. Each call returns objects of its own, which the caller
 * may change. A render whose objects JSON cannot carry exactly (a NaN, a binary value) is not kept.
 * A process that finds another one rendering the same chart (a lock file beside the entry) waits
 * for its entry instead of rendering it too: jest starts test files that render the same cluster
 * on two workers at once.
 *
 * Meant for tests, whose cache directory lives for one run, so no longer than the code that parses
 * what helm prints (which the key leaves out); a chart that draws random values (`genCA`,
 * `randAlphaNum`) renders once per run, not once per call.
 */
export function cachedRender(dir: string, key: RenderKey, render: () => KubeObject[]): KubeObject[] {
  return cachedJson(dir, keyOf(key), render, true);
}

/**
 * `parse()` of each YAML document of `texts`, memoized like {@link cachedBatch} by the document's
 * text: charts ship the same large documents (CRDs above all) whatever their values, so renders of
 * one chart with other values, or of two charts that ship one CRD, parse them once. `parse` is
 * called for the documents not kept yet, in order.
 *
 * The directory must live no longer than the parsing code (one test run): the key is the text
 * alone, not how it is read.
 */
export function cachedDocuments(
  dir: string,
  texts: readonly string[],
  parse: (text: string) => unknown,
): unknown[] {
  const ids = texts.map((text) => createHash('sha256').update(text).digest('hex'));
  return cachedBatch(join(dir, 'documents'), ids, (missing) => missing.map((i) => parse(texts[i])));
}

/**
 * The values of `ids` kept in `dir`, by an id the caller derives from everything that decides the
 * value; those not kept yet produced by one call of `produce` with their indexes in `ids`, which
 * returns their values in that order. Each call returns values of its own, which the caller may
 * change; a value JSON cannot carry exactly is not kept.
 *
 * For many small values (parsed documents, validation results): the values one call produces are
 * written to one file (`<batch>.jsonl`, a line `<id>\t<JSON>` per value, renamed into place), as
 * creating a file costs as much as half a millisecond and a chart has hundreds of documents. A
 * process reads each batch file of the directory once, when it misses an id.
 *
 * The directory must live no longer than the producing code (one test run).
 */
export function cachedBatch<T>(
  dir: string,
  ids: readonly string[],
  produce: (missing: number[]) => T[],
): T[] {
  const index = batchIndex(dir);
  if (ids.some((id) => !index.entries.has(id))) readNewBatches(dir, index);
  const missing = ids.flatMap((id, i) => (index.entries.has(id) ? [] : [i]));
  const values = missing.length === 0 ? [] : produce(missing);
  if (values.length !== missing.length) {
    throw new Error(`cachedBatch: ${values.length} values produced for ${missing.length} ids`);
  }
  const produced = new Map(missing.map((index, i) => [index, values[i]]));
  const kept = new Map<string, string>();
  missing.forEach((i, n) => {
    if (isPlainJson(values[n])) kept.set(ids[i], JSON.stringify(values[n]));
  });
  if (kept.size > 0) {
    const lines = [...kept].map(([id, text]) => `${id}\t${text}\n`).join('');
    keep(dir, join(dir, `${process.pid}-${randomBytes(8).toString('hex')}.jsonl`), lines);
    for (const [id, text] of kept) index.entries.set(id, text);
  }
  return ids.map((id, i) => (produced.has(i) ? produced.get(i)! : (JSON.parse(index.entries.get(id)!) as T)));
}

interface BatchIndex {
  /** The batch files read. */
  readonly files: Set<string>;
  /** Their entries: id → JSON text. */
  readonly entries: Map<string, string>;
}

/** What this process has read of each batch directory. */
const batchIndexes = new Map<string, BatchIndex>();

function batchIndex(dir: string): BatchIndex {
  let index = batchIndexes.get(dir);
  if (!index) {
    index = { files: new Set(), entries: new Map() };
    batchIndexes.set(dir, index);
  }
  return index;
}

/** Reads the batch files of `dir` that `index` has not read (other processes may have added some). */
function readNewBatches(dir: string, index: BatchIndex): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return;
  }
  for (const name of names) {
    if (!name.endsWith('.jsonl') || index.files.has(name)) continue;
    index.files.add(name);
    // JSON text has no line break or tab outside its strings, where they are escaped.
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      const tab = line.indexOf('\t');
      if (tab > 0) index.entries.set(line.slice(0, tab), line.slice(tab + 1));
    }
  }
}

/** Writes `text` to a file of its own and renames it into place, so a reader never sees half of it. */
function keep(dir: string, file: string, text: string): void {
  if (!made.has(dir)) mkdirSync(dir, { recursive: true });
  made.add(dir);
  const staging = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(staging, text);
    renameSync(staging, file);
  } catch (err) {
    rmSync(staging, { force: true });
    throw err;
  }
}

/**
 * @param exclusive whether a process that finds another one producing the same entry waits for it
 *   rather than producing it too
 */
function cachedJson<T>(dir: string, id: string, produce: () => T, exclusive = false): T {
  const file = join(dir, `${id}.json`);
  const lock = `${file}.lock`;
  for (;;) {
    const text = memory.get(file) ?? readIfExists(file);
    if (text !== undefined) {
      memory.set(file, text);
      return JSON.parse(text) as T;
    }
    if (!exclusive) break;
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // Another process holds the lock: wait for its entry, or take over if it has gone.
    if (lockHolderAlive(lock)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    else rmSync(lock, { force: true });
  }

  try {
    const value = produce();
    if (!isPlainJson(value)) return value;
    const text = JSON.stringify(value);
    memory.set(file, text);
    keep(dir, file, text);
    return value;
  } finally {
    if (exclusive) rmSync(lock, { force: true });
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return undefined;
  }
}

/** Whether the process that wrote `lock` still runs (this one, being here, is not producing it). */
function lockHolderAlive(lock: string): boolean {
  const text = readIfExists(lock);
  // Gone already, or just created and not yet written: look again.
  if (text === undefined || text === '') return true;
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function keyOf(key: RenderKey): string {
  const helm = statSync(key.helm);
  return createHash('sha256')
    .update(
      JSON.stringify({
        helm: [key.helm, helm.dev, helm.ino, helm.size, helm.mtimeMs],
        archive: createHash('sha256').update(readFileSync(key.archive)).digest('hex'),
        values: key.values,
        args: key.args,
      }),
    )
    .digest('hex');
}

/** True when JSON.stringify and JSON.parse give back an equal value (plain data, finite numbers, no -0). */
function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isPlainJson);
      // A plain object of any realm (jest runs tests in a realm of their own): its prototype is an
      // Object.prototype, or it has none. A Date, Map or Uint8Array has another prototype in between.
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== null && Object.getPrototypeOf(proto) !== null) return false;
      return Object.values(value).every(isPlainJson);
    }
    default:
      return false;
  }
}
