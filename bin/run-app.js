#!/usr/bin/env node
// cdk.json's `app`: runs bin/app.ts from one esbuild bundle of the project's own sources, kept in
// node_modules/.cache/goldenpath-cdk/app/ and rebuilt when any file it was built from changes
// (lib/ops/build/esbuild-cache.ts). Loading one file instead of compiling every module with a
// TypeScript loader on each synth is most of a second. The templates are the same either way
// (`node --import tsx bin/app.ts` runs the sources directly).
// Plain JavaScript, so that an older Node gets the line below rather than a syntax error.
'use strict';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `goldenpath-cdk needs Node >= 22.18 (see .nvmrc; \`nvm use\` picks it up); this is Node ${process.version}.`,
  );
  process.exit(1);
}

const { readFileSync } = require('node:fs');
const { enableCompileCache } = require('node:module');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const ENTRY = join(ROOT, 'bin', 'app.ts');
const CACHE = join(ROOT, 'node_modules', '.cache', 'goldenpath-cdk');
// V8 keeps what it compiled of the bundle and of every package module it loads (most of them
// aws-cdk-lib's), keyed by content: a synth after the first skips compiling them.
enableCompileCache(join(CACHE, 'node-compile-cache'));

/** @type {typeof import('../lib/ops/build/esbuild-cache')} */
const { cachedBuild, fileHash } = require('../lib/ops/build/esbuild-cache.ts');

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

/** Bundles the app into `outdir`; returns the files it was built from (relative to the root). */
async function bundle(outdir) {
  // On stderr, like CDK's "Bundling asset ...": stdout is the CLI's.
  console.error('Bundling bin/app.ts (not bundled yet, or a file it imports changed)...');
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    absWorkingDir: ROOT,
    bundle: true,
    // Packages load from node_modules as usual; only the project's own files are bundled.
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: join(outdir, 'app.js'),
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    plugins: [sourcePaths],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

async function main() {
  const spec = {
    root: ROOT,
    cacheDir: join(CACHE, 'app'),
    key: {
      entry: relative(ROOT, ENTRY),
      esbuild: JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version,
      node: major,
      lock: fileHash(join(ROOT, 'package-lock.json')),
      tsconfig: fileHash(join(ROOT, 'tsconfig.json')),
      // This file holds the options, the cache module decides what a hit is.
      launcher: fileHash(__filename),
      cache: fileHash(join(ROOT, 'lib', 'ops', 'build', 'esbuild-cache.ts')),
    },
  };
  let built;
  try {
    built = await cachedBuild(spec, bundle);
  } catch (err) {
    // A source that does not compile: esbuild's messages name the file, line and column.
    const messages = err && Array.isArray(err.errors) ? err.errors : undefined;
    if (!messages) throw err;
    const esbuild = require('esbuild');
    const text = esbuild.formatMessagesSync(messages, { kind: 'error', color: false });
    console.error(`bin/app.ts could not be bundled:\n${text.join('')}`);
    process.exit(1);
  }
  // Stack traces name the TypeScript sources, through the bundle's source map.
  process.setSourceMapsEnabled(true);
  require(join(built.dir, 'app.js'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
