// Jest transform: TypeScript to CommonJS with esbuild. It only transpiles (tsconfig has
// isolatedModules, so each file compiles alone); `npm run typecheck` checks the types.
const { createHash } = require('node:crypto');
const { transformSync, version } = require('esbuild');

// Dynamic import() becomes require(): jest runs CommonJS and has no ESM loader without
// --experimental-vm-modules.
const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node22',
  supported: { 'dynamic-import': false },
  sourcemap: 'inline',
  sourcesContent: false,
};

module.exports = {
  canInstrument: false,
  getCacheKey(source, filename) {
    return createHash('sha256')
      .update(`esbuild ${version} ${JSON.stringify(OPTIONS)}\0${filename}\0${source}`)
      .digest('hex');
  },
  process(source, filename) {
    const { code } = transformSync(source, { ...OPTIONS, sourcefile: filename });
    return { code };
  },
};
