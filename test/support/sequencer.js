// Jest test sequencer: jest's own order, plus, before the global setup runs, which of the selected
// test files use a shared service (they call useMoto() or usePostgres() from test/support/services),
// so that test/support/global-setup.ts starts only what this run needs, at most one per worker.
const { readFileSync } = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

const CALLS = { moto: /\buseMoto\(/, postgres: /\busePostgres\(/ };

class ServiceAwareSequencer extends Sequencer {
  sort(tests) {
    const needs = Object.fromEntries(Object.keys(CALLS).map((name) => [name, 0]));
    for (const test of tests) {
      const text = readFileSync(test.path, 'utf8');
      for (const [name, call] of Object.entries(CALLS)) if (call.test(text)) needs[name] += 1;
    }
    process.env.GOLDENPATH_TEST_NEEDS = JSON.stringify(needs);
    return super.sort(tests);
  }
}

module.exports = ServiceAwareSequencer;
