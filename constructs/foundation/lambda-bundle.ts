import { copyFileSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AssetHashType, DockerImage, type ILocalBundling, aws_lambda as lambda } from 'aws-cdk-lib';
import { type CachedBuild, cachedBuildSync, fileHash } from '../../lib/ops/build/esbuild-cache';

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
export type BundleResult = CachedBuild;

/**
 * The key of everything but the entry's source files that decides the bundle: the entry, the
 * options, esbuild's version, the lock file and tsconfig (which decide how imports resolve and
 * compile), and this file.
 */
function entryKey(entry: string, bundling: LambdaBundling): unknown {
  const esbuild = JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as {
    version: string;
  };
  return {
    entry: relative(ROOT, entry),
    bundling,
    esbuild: esbuild.version,
    lock: fileHash(join(ROOT, 'package-lock.json')),
    tsconfig: fileHash(join(ROOT, 'tsconfig.json')),
    // This file, which holds the rest of esbuild's options.
    bundler: fileHash(__filename),
  };
}

/**
 * Bundles one handler into `<cacheDir>/<hash>/index.js`, or finds it there: the cache is keyed by
 * the content of every file esbuild read for it, the options and esbuild's version, so any change
 * to a source byte rebundles and a damaged entry is rebuilt (lib/ops/build/esbuild-cache.ts). The
 * bundle is byte for byte what `NodejsFunction`'s local esbuild bundling makes, with or without
 * the cache.
 */
export function bundleHandler(
  entry: string,
  bundling: LambdaBundling,
  cacheDir = DEFAULT_BUNDLE_CACHE,
): BundleResult {
  return cachedBuildSync({ root: ROOT, cacheDir, key: entryKey(entry, bundling) }, (outdir) => {
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
      outfile: join(outdir, 'index.js'),
      metafile: true,
      logLevel: 'warning',
    });
    return Object.keys(result.metafile.inputs);
  });
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
