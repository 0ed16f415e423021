// A content-keyed cache of esbuild outputs, for the Lambda handlers' bundles
// (constructs/foundation/lambda-bundle.ts) and the entry points' bundles (bin/run.js).
// bin/run.js loads this file with Node's type stripping, before anything is bundled: it uses
// erasable TypeScript and `node:` modules only, and no `__dirname` or `require`.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** One cached build: where it is kept and everything but its source files that decides it. */
export interface CachedBuildSpec {
  /** The folder esbuild resolves from; the metafile's inputs are relative to it. */
  readonly root: string;
  /** The cache folder, shared by every build with its own `key`. */
  readonly cacheDir: string;
  /**
   * Everything but the input files that decides the output (entry, options, esbuild's version,
   * the lock file's and tsconfig's hashes, the bundler's own source), as JSON: its sha256 names
   * the build's index in the cache.
   */
  readonly key: unknown;
}

/** What a cached build gives: the folder holding its output files, and whether the cache had it. */
export interface CachedBuild {
  readonly dir: string;
  readonly cacheHit: boolean;
  /**
   * Why the output is not cached: the cache folder cannot be written (a read-only node_modules),
   * so the build went to a temporary folder, removed when the process exits.
   */
  readonly uncached?: string;
}

interface CacheIndex {
  /** Every file esbuild read, relative to the root, with the sha256 of its content. */
  readonly inputs: Record<string, string>;
  /** The sha256 of the output folder's files (see `outputHash`), which is also its name. */
  readonly output: string;
}

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The sha256 of a file's content, or undefined when it cannot be read. */
export function fileHash(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

const indexFile = (spec: CachedBuildSpec) => join(spec.cacheDir, `${sha256(JSON.stringify(spec.key))}.json`);

/** The cached output, if every file it was built from is unchanged and the output is intact. */
export function findCached(spec: CachedBuildSpec): string | undefined {
  let index: CacheIndex;
  try {
    index = JSON.parse(readFileSync(indexFile(spec), 'utf8')) as CacheIndex;
  } catch {
    return undefined;
  }
  if (typeof index?.output !== 'string' || typeof index.inputs !== 'object' || !index.inputs)
    return undefined;
  const inputs = Object.entries(index.inputs);
  if (inputs.length === 0 || inputs.some(([file, hash]) => fileHash(join(spec.root, file)) !== hash))
    return undefined;
  const dir = join(spec.cacheDir, index.output);
  if (outputHash(dir) !== index.output) return undefined;
  markUsed(dir);
  return dir;
}

/**
 * How long a prune keeps an output no index names any more after a run last found it: that run
 * may still be loading it (bin/run.js requires the bundle, CDK copies a Lambda bundle into the
 * assembly, seconds after the lookup) while another run, of changed sources, builds and prunes.
 */
const IN_USE_MS = 10 * 60_000;

/**
 * Records that a run is about to use `dir`: the mtime of `<dir>.used`, which the file system
 * stamps (no clock is read here). Best effort: a cache that cannot be written is still read.
 */
function markUsed(dir: string): void {
  try {
    writeFileSync(`${dir}.used`, '');
  } catch {
    // read-only cache folder: the output may be pruned while in use, as before
  }
}

/** When an output was last built or found (its folder's or its mark's mtime), 0 if neither exists. */
function lastUsed(dir: string): number {
  return Math.max(0, ...[dir, `${dir}.used`].map(mtime).filter((t) => t !== Infinity));
}

/** The sha256 of a folder's file names and contents (undefined when it cannot be read). */
function outputHash(dir: string): string | undefined {
  try {
    const names = readdirSync(dir).sort();
    return sha256(names.map((name) => `${name}\0${fileHash(join(dir, name)) ?? ''}\n`).join(''));
  } catch {
    return undefined;
  }
}

/** A folder to build into, and the time from which a changed source may or may not be in the build. */
export interface BuildFolder {
  readonly dir: string;
  readonly started: number;
  /** The cache folder cannot be written: why (the folder is a temporary one, outside the cache). */
  readonly uncached?: string;
}

/**
 * A new, empty folder inside the cache for one build; when the cache folder cannot be written
 * (node_modules installed by another user, or read-only), a temporary folder outside it that is
 * removed when the process exits: the build still runs, only nothing is kept.
 */
export function startBuild(spec: CachedBuildSpec): BuildFolder {
  try {
    mkdirSync(spec.cacheDir, { recursive: true });
    const dir = mkdtempSync(join(spec.cacheDir, 'building-'));
    return { dir, started: statSync(dir).mtimeMs };
  } catch (err) {
    const dir = mkdtempSync(join(tmpdir(), 'goldenpath-build-'));
    removeAtExit(dir);
    const why = (err as NodeJS.ErrnoException).code ?? String(err);
    return {
      dir,
      started: statSync(dir).mtimeMs,
      uncached: `the cache folder ${relative(spec.root, spec.cacheDir)} cannot be written (${why})`,
    };
  }
}

/** The temporary build folders of this process, removed when it exits (one listener for all). */
const temporaryFolders = new Set<string>();

function removeAtExit(dir: string): void {
  if (temporaryFolders.size === 0)
    process.once('exit', () => {
      for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
    });
  temporaryFolders.add(dir);
}

/**
 * Moves a finished build into the cache under the hash of its files and records what it was
 * built from (the metafile's inputs). A build some of whose sources changed while it ran is used
 * but not recorded. Returns the folder to use; the build folder is gone afterwards. A build
 * outside the cache (it cannot be written) stays where it is.
 */
export function keepBuild(spec: CachedBuildSpec, build: BuildFolder, inputFiles: readonly string[]): string {
  if (build.uncached) return build.dir;
  try {
    const inputs: Record<string, string> = {};
    let changedDuringBuild = false;
    for (const file of [...inputFiles].sort()) {
      const path = join(spec.root, file);
      inputs[file] = fileHash(path) ?? '';
      // (a file gone since is `Infinity`: changed)
      if (mtime(path) >= build.started) changedDuringBuild = true;
    }
    const output = outputHash(build.dir)!;
    const dir = join(spec.cacheDir, output);
    // Another process may have put the same output there first; a damaged one is replaced.
    if (outputHash(dir) !== output) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(build.dir, dir);
    }
    markUsed(dir);
    if (!changedDuringBuild) {
      writeIndex(indexFile(spec), { inputs, output });
      prune(spec.root, spec.cacheDir, build.started);
    }
    return dir;
  } finally {
    rmSync(build.dir, { recursive: true, force: true });
  }
}

function built(spec: CachedBuildSpec, folder: BuildFolder, inputs: readonly string[]): CachedBuild {
  const dir = keepBuild(spec, folder, inputs);
  return folder.uncached ? { dir, cacheHit: false, uncached: folder.uncached } : { dir, cacheHit: false };
}

/**
 * The output of one build, from the cache or built by `build` (which writes into the folder it is
 * given and returns the metafile's inputs), synchronously.
 */
export function cachedBuildSync(
  spec: CachedBuildSpec,
  build: (outdir: string) => readonly string[],
): CachedBuild {
  const cached = findCached(spec);
  if (cached) return { dir: cached, cacheHit: true };
  const folder = startBuild(spec);
  let inputs: readonly string[];
  try {
    inputs = build(folder.dir);
  } catch (err) {
    rmSync(folder.dir, { recursive: true, force: true });
    throw err;
  }
  return built(spec, folder, inputs);
}

/** `cachedBuildSync` for a build that is asynchronous (esbuild's plugins need its async API). */
export async function cachedBuild(
  spec: CachedBuildSpec,
  build: (outdir: string) => Promise<readonly string[]>,
): Promise<CachedBuild> {
  const cached = findCached(spec);
  if (cached) return { dir: cached, cacheHit: true };
  const folder = startBuild(spec);
  let inputs: readonly string[];
  try {
    inputs = await build(folder.dir);
  } catch (err) {
    rmSync(folder.dir, { recursive: true, force: true });
    throw err;
  }
  return built(spec, folder, inputs);
}

/**
 * Removes indexes of sources that are gone (a build of a temporary copy: it can never hit again),
 * outputs no index names any more (an earlier version of the sources) once no run has found them
 * for ten minutes, and what a process that was killed while building left behind an hour ago or
 * more.
 */
function prune(root: string, cacheDir: string, now: number): void {
  const names = readdirSync(cacheDir);
  const kept = new Set<string>();
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    try {
      const index = JSON.parse(readFileSync(join(cacheDir, name), 'utf8')) as CacheIndex;
      if (Object.keys(index.inputs).every((file) => existsSync(join(root, file)))) kept.add(index.output);
      else rmSync(join(cacheDir, name), { force: true });
    } catch {
      // A damaged index keeps nothing; its next lookup misses and rewrites it.
    }
  }
  for (const name of names) {
    const path = join(cacheDir, name);
    const unused = /^[0-9a-f]{64}$/.test(name) && !kept.has(name) && lastUsed(path) < now - IN_USE_MS;
    const abandoned = name.startsWith('building-') && mtime(path) < now - 3_600_000;
    if (unused || abandoned) rmSync(path, { recursive: true, force: true });
    // A mark goes with its output.
    if (unused || (name.endsWith('.used') && !existsSync(path.slice(0, -'.used'.length))))
      rmSync(unused ? `${path}.used` : path, { force: true });
  }
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Written to a temporary file and renamed over the old index, so a reader sees one or the other. */
function writeIndex(file: string, index: CacheIndex): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(index, undefined, 1));
  renameSync(tmp, file);
}
