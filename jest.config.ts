// Loaded with Node's built-in type stripping (Node >= 22.18): only erasable TypeScript here, so
// reading the config needs no TypeScript loader.
import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // A `*.spec.ts` module runs through the jest file that imports it when both are selected
  // (test/support/filter.js), and by itself otherwise.
  testMatch: ['**/*.test.ts', '**/*.spec.ts'],
  filter: '<rootDir>/test/support/filter.js',
  // Type-checking is `npm run typecheck`'s job; esbuild only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  // Starts the services the selected test files use (PostgreSQL, moto), one per worker, and a
  // temporary directory for the run; the teardown stops and removes all of it.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // jest's default is one worker fewer than the cores: on 2 cores that is one worker, and the suite
  // ran serially (the sum of the suites' times equalled the wall time). Most suites wait on child
  // processes (synths, helm, servers), so one worker per core keeps both busy.
  maxWorkers: '100%',
  testTimeout: 120_000,
  // With the project's other caches (eslint, prettier, the bundles), not in the system temp dir.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};

export default config;
