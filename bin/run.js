#!/usr/bin/env node
// Runs a TypeScript entry point (`node bin/run.js bin/app.ts`, `... bin/preflight.ts --env dev`)
// from one esbuild bundle of the project's files it imports, kept in
// node_modules/.cache/goldenpath-cdk/run/ and rebuilt when any file it was built from changes
// (lib/ops/build/esbuild-cache.ts). cdk.json's `app` and the npm scripts use it: loading one file
// instead of compiling every module with a TypeScript loader on each run saves most of a second.
// What runs is the same either way (`node --import tsx <entry>` runs the sources directly).
// Plain JavaScript, so that an older Node gets the line below rather than a syntax error.
'use strict';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `goldenpath-cdk needs Node >= 22.18 (see .nvmrc; \`nvm use\` picks it up); this is Node ${process.version}.`,
  );
  process.exit(1);
}

const { accessSync, constants, existsSync, mkdirSync, readFileSync } = require('node:fs');
const { enableCompileCache } = require('node:module');
const { join, relative, resolve } = require('node:path');

const ROOT = join(__dirname, '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'goldenpath-cdk');
const USAGE = 'usage: node bin/run.js <entry.ts> [arguments]   (for example bin/app.ts, bin/preflight.ts)';

/** The entry point named on the command line, which then sees its own path as argv[1]. */
function entryFromArgv() {
  const arg = process.argv[2];
  if (arg === undefined || !arg.endsWith('.ts')) {
    console.error(`bin/run.js: ${arg === undefined ? 'no entry given' : `${arg}: not a .ts file`}\n${USAGE}`);
    process.exit(2);
  }
  const entry = resolve(arg);
  if (!existsSync(entry)) {
    console.error(`bin/run.js: ${arg}: no such file\n${USAGE}`);
    process.exit(2);
  }
  process.argv.splice(1, 2, entry);
  return entry;
}

/**
 * Each bundled TypeScript file that uses `__dirname` or `__filename` keeps its own (the app finds
 * its config, handlers and charts next to its sources): both are declared on the file's first line
 * (after a `#!` line), so line numbers stay; only columns on that line move.
 * @type {import('esbuild').Plugin}
 */
const sourcePaths = {
  name: 'source-paths',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(source)) return { contents: source, loader: 'ts' };
      const paths = `const __dirname = ${JSON.stringify(join(args.path, '..'))}, __filename = ${JSON.stringify(args.path)};`;
      const shebang = /^#!.*\n/.exec(source)?.[0] ?? '';
      return { contents: `${shebang}${paths} ${source.slice(shebang.length)}`, loader: 'ts' };
    });
  },
};

/** Bundles `entry` into `outdir`/index.js; returns the files it was built from (relative to the root). */
async function bundle(entry, outdir) {
  // Only where someone watches: scripts and tests read stderr, and a first run is not an error.
  if (process.stderr.isTTY)
    console.error(`Bundling ${relative(ROOT, entry)} (first run, or a file it imports changed)...`);
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    // Packages load from node_modules as usual; only the project's own files are bundled.
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: join(outdir, 'index.js'),
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    plugins: [sourcePaths],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

/** Why the bundle cache cannot be written, or undefined when it can. */
function unwritable(dir) {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (err) {
    return `the cache folder ${relative(ROOT, dir)} cannot be written (${err.code ?? String(err)})`;
  }
}

/**
 * Runs the entry from its sources through tsx: when node_modules was installed by another user or
 * is read-only, a bundle has nowhere to go from which it would find the packages.
 */
function runFromSources(entry, why) {
  console.error(
    `bin/run.js: ${why}: running ${relative(ROOT, entry)} from its sources through tsx (slower); make node_modules/.cache writable to keep bundles between runs`,
  );
  require('tsx/cjs/api').register();
  require(entry);
}

async function main() {
  const entry = entryFromArgv();
  // V8 keeps what it compiled of the bundle and of every package module it loads (most of them
  // aws-cdk-lib's), keyed by content: a run after the first skips compiling them.
  enableCompileCache(join(CACHE, 'node-compile-cache'));
  /** @type {typeof import('../lib/ops/build/esbuild-cache')} */
  const { cachedBuild, fileHash } = require('../lib/ops/build/esbuild-cache.ts');
  const spec = {
    root: ROOT,
    cacheDir: join(CACHE, 'run'),
    key: {
      // The bundle holds this checkout's absolute paths (each file's __dirname): another checkout
      // sharing node_modules (a synth of a git ref for the diff links it) gets bundles of its own.
      root: ROOT,
      entry: relative(ROOT, entry),
      esbuild: JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version,
      node: major,
      lock: fileHash(join(ROOT, 'package-lock.json')),
      tsconfig: fileHash(join(ROOT, 'tsconfig.json')),
      // This file holds the options, the cache module decides what a hit is.
      launcher: fileHash(__filename),
      cache: fileHash(join(ROOT, 'lib', 'ops', 'build', 'esbuild-cache.ts')),
    },
  };
  const why = unwritable(spec.cacheDir);
  if (why) return runFromSources(entry, why);
  let built;
  try {
    built = await cachedBuild(spec, (outdir) => bundle(entry, outdir));
  } catch (err) {
    // A source that does not compile: esbuild's messages name the file, line and column.
    const messages = err && Array.isArray(err.errors) ? err.errors : undefined;
    if (!messages) throw err;
    const text = require('esbuild').formatMessagesSync(messages, { kind: 'error', color: false });
    console.error(`${relative(ROOT, entry)} could not be bundled:\n${text.join('')}`);
    process.exit(1);
  }
  // Written to a temporary folder: packages do not resolve from there.
  if (built.uncached) return runFromSources(entry, built.uncached);
  // Stack traces (also those CDK keeps to say which line made a construct) name the TypeScript
  // sources, through the bundle's source map.
  process.setSourceMapsEnabled(true);
  require(join(built.dir, 'index.js'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
