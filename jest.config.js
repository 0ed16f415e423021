// Plain CommonJS so that loading the config needs no TypeScript loader.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type-checking is `npm run typecheck`'s job; esbuild only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  // Starts the services the selected test files use (PostgreSQL, moto), one per worker, and a
  // temporary directory for the run; the teardown stops and removes all of it.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120_000,
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
