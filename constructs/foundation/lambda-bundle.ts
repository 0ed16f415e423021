import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { AssetHashType, DockerImage, type ILocalBundling, aws_lambda as lambda } from 'aws-cdk-lib';

/** How one Lambda handler is bundled with esbuild (the subset of `NodejsFunction`'s options we use). */
export interface LambdaBundling {
  /** Modules left out of the bundle: the runtime has them, or they are never loaded. */
  readonly externalModules: string[];
  readonly minify: boolean;
  /** esbuild's target, the Lambda runtime's Node version (`node24`). */
  readonly target: string;
}

/** The reaper's and the sweeper's bundling: the AWS SDK comes with the Lambda runtime. */
export const HANDLER_BUNDLING: LambdaBundling = {
  externalModules: ['@aws-sdk/*'],
  minify: true,
  target: 'node24',
};

/** The repository root: bundles are built from it, as `NodejsFunction` does from its lock file's folder. */
const ROOT = join(__dirname, '..', '..');

/** Where bundles are kept between synths: a build cache of this checkout, like eslint's. */
export const DEFAULT_BUNDLE_CACHE = join(ROOT, 'node_modules', '.cache', 'goldenpath-cdk', 'lambda-bundles');

/** What `bundleHandler` did: the folder holding `index.js`, and whether the cache had it. */
export interface BundleResult {
  readonly dir: string;
  readonly cacheHit: boolean;
}

interface CacheIndex {
  /** Every file esbuild read, relative to the root, with the sha256 of its content. */
  readonly inputs: Record<string, string>;
  /** The sha256 of `index.js`, which is also the name of its folder in the cache. */
  readonly bundle: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function fileHash(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * The key of everything but the entry's source files that decides the bundle: the entry, the
 * options, esbuild's version, and the lock file and tsconfig (which decide how imports resolve
 * and compile).
 */
function entryKey(entry: string, bundling: LambdaBundling): string {
  const esbuild = JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as {
    version: string;
  };
  return sha256(
    JSON.stringify({
      entry: relative(ROOT, entry),
      bundling,
      esbuild: esbuild.version,
      lock: fileHash(join(ROOT, 'package-lock.json')),
      tsconfig: fileHash(join(ROOT, 'tsconfig.json')),
    }),
  );
}

/** The cached bundle, if every file it was built from is unchanged and the bundle is intact. */
function lookup(cacheDir: string, indexFile: string): string | undefined {
  let index: CacheIndex;
  try {
    index = JSON.parse(readFileSync(indexFile, 'utf8')) as CacheIndex;
  } catch {
    return undefined;
  }
  if (typeof index?.bundle !== 'string' || typeof index.inputs !== 'object' || !index.inputs)
    return undefined;
  const inputs = Object.entries(index.inputs);
  if (inputs.length === 0 || inputs.some(([file, hash]) => fileHash(join(ROOT, file)) !== hash))
    return undefined;
  const dir = join(cacheDir, index.bundle);
  return intact(dir, index.bundle) ? dir : undefined;
}

/** A bundle folder holds `index.js` only, whose sha256 is the folder's name. */
function intact(dir: string, bundle: string): boolean {
  try {
    const files = readdirSync(dir);
    return files.length === 1 && files[0] === 'index.js' && fileHash(join(dir, 'index.js')) === bundle;
  } catch {
    return false;
  }
}

/**
 * Bundles one handler into `<cacheDir>/<sha256 of the bundle>/index.js`, or finds it there: the
 * cache is keyed by the content of every file esbuild read for it, the options and esbuild's
 * version, so any change to a source byte rebundles and a damaged entry is rebuilt. The bundle is
 * byte for byte what `NodejsFunction`'s local esbuild bundling makes, with or without the cache.
 */
export function bundleHandler(
  entry: string,
  bundling: LambdaBundling,
  cacheDir = DEFAULT_BUNDLE_CACHE,
): BundleResult {
  const indexFile = join(cacheDir, `${entryKey(entry, bundling)}.json`);
  const cached = lookup(cacheDir, indexFile);
  if (cached) return { dir: cached, cacheHit: true };

  mkdirSync(cacheDir, { recursive: true });
  const tmp = mkdtempSync(join(cacheDir, 'building-'));
  try {
    // Files changed from here on may or may not be in the bundle: such a bundle is used, not kept.
    const started = statSync(tmp).mtimeMs;
    // Loaded only on a miss: the hit path needs nothing of esbuild's but its version.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildSync } = require('esbuild') as typeof import('esbuild');
    const result = buildSync({
      entryPoints: [entry],
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      target: bundling.target,
      minify: bundling.minify,
      external: bundling.externalModules,
      outfile: join(tmp, 'index.js'),
      metafile: true,
      logLevel: 'warning',
    });
    const inputs: Record<string, string> = {};
    let changedDuringBuild = false;
    for (const file of Object.keys(result.metafile.inputs).sort()) {
      const path = join(ROOT, file);
      inputs[file] = fileHash(path) ?? '';
      if (statSync(path).mtimeMs >= started) changedDuringBuild = true;
    }
    const bundle = fileHash(join(tmp, 'index.js'))!;
    const dir = join(cacheDir, bundle);
    // Another synth may have put the same bundle there first; a damaged one is replaced.
    if (!intact(dir, bundle)) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    }
    if (!changedDuringBuild) {
      writeIndex(indexFile, { inputs, bundle });
      prune(cacheDir, started);
    }
    return { dir, cacheHit: false };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Removes bundles no index names any more (an earlier version of a handler), and what a synth
 * that was killed while bundling left behind an hour ago or more.
 */
function prune(cacheDir: string, now: number): void {
  const names = readdirSync(cacheDir);
  const kept = new Set<string>();
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    try {
      kept.add((JSON.parse(readFileSync(join(cacheDir, name), 'utf8')) as CacheIndex).bundle);
    } catch {
      // A damaged index keeps nothing; its next lookup misses and rewrites it.
    }
  }
  for (const name of names) {
    const path = join(cacheDir, name);
    const unused = /^[0-9a-f]{64}$/.test(name) && !kept.has(name);
    const abandoned = name.startsWith('building-') && mtime(path) < now - 3_600_000;
    if (unused || abandoned) rmSync(path, { recursive: true, force: true });
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
function writeIndex(indexFile: string, index: CacheIndex): void {
  const tmp = `${indexFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(index, undefined, 1));
  renameSync(tmp, indexFile);
}

/**
 * `NodejsFunction`'s local bundling, from the cache. Its fields are what CDK's in-process asset
 * cache keys the staging on (it serializes the bundling options), so each entry is its own asset.
 */
class CachedEsbuild implements ILocalBundling {
  public readonly entry: string;

  constructor(
    entry: string,
    public readonly bundling: LambdaBundling,
  ) {
    this.entry = relative(ROOT, entry);
  }

  public tryBundle(outputDir: string): boolean {
    const copy = () =>
      copyFileSync(
        join(bundleHandler(join(ROOT, this.entry), this.bundling).dir, 'index.js'),
        join(outputDir, 'index.js'),
      );
    try {
      copy();
    } catch {
      // Another synth replaced the bundle between the lookup and the copy (its source changed).
      copy();
    }
    return true;
  }
}

/**
 * A Lambda's code and handler from one TypeScript entry, bundled with esbuild once per content
 * (see `bundleHandler`). For `NodejsFunction`'s `code` and `handler`: the asset, its hash and the
 * template are the same as with `NodejsFunction`'s own bundling, which spawns esbuild on every
 * synth.
 */
export function bundledHandler(
  entry: string,
  bundling: LambdaBundling = HANDLER_BUNDLING,
): { readonly code: lambda.Code; readonly handler: string } {
  const code = lambda.Code.fromAsset(ROOT, {
    // The hash of the bundle, as NodejsFunction's: the same code has the same hash.
    assetHashType: AssetHashType.OUTPUT,
    // The image is never used: the local bundling always succeeds or throws.
    bundling: { image: DockerImage.fromRegistry('dummy'), local: new CachedEsbuild(entry, bundling) },
  });
  return { code, handler: 'index.handler' };
}
