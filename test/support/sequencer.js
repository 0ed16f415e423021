// Jest test sequencer: jest's own order, plus, before the global setup runs, which of the selected
// test files use a shared service (they call useMoto() or usePostgres() from test/support/services),
// so that test/support/global-setup.ts starts only what this run needs, at most one per worker.
const { readFileSync } = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

const CALLS = { moto: /\buseMoto\(/, postgres: /\busePostgres\(/ };
/** A jest file that runs `*.spec.ts` modules (test/committed-apps.test.ts). */
const RUNS_SPECS = /^import '[^']+\.spec';$/m;

class ServiceAwareSequencer extends Sequencer {
  sort(tests) {
    const needs = Object.fromEntries(Object.keys(CALLS).map((name) => [name, 0]));
    const runners = new Set();
    for (const test of tests) {
      const text = readFileSync(test.path, 'utf8');
      for (const [name, call] of Object.entries(CALLS)) if (call.test(text)) needs[name] += 1;
      if (RUNS_SPECS.test(text)) runners.add(test);
    }
    process.env.GOLDENPATH_TEST_NEEDS = JSON.stringify(needs);
    const sorted = super.sort(tests);
    // Without timings from an earlier run (a fresh clone, as in CI) jest starts the largest files
    // first; a runner is a few imports, and among the longest files: start it first, not last.
    const first = sorted.filter((t) => runners.has(t) && t.duration == null);
    return [...first, ...sorted.filter((t) => !first.includes(t))];
  }
}

module.exports = ServiceAwareSequencer;
