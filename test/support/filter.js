// jest `filter`: a `*.spec.ts` module that a selected jest file imports (test/committed-apps.test.ts
// runs the subjects that share the committed apps) runs there, once, and not also on its own; a
// spec selected without that file (`npx jest test/constructs/cluster/node-hardening.spec.ts`, or a
// folder of them) runs by itself and builds its own apps.
const { readFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');

const IMPORTS_SPEC = /^import '(\.{1,2}\/[^']+\.spec)';$/gm;

/** @param {string[]} testPaths @returns {Promise<{ filtered: string[] }>} */
module.exports = async function runSpecsThroughTheirRunner(testPaths) {
  const runElsewhere = new Set();
  for (const path of testPaths.filter((p) => p.endsWith('.test.ts'))) {
    for (const [, spec] of readFileSync(path, 'utf8').matchAll(IMPORTS_SPEC))
      runElsewhere.add(resolve(dirname(path), `${spec}.ts`));
  }
  return { filtered: testPaths.filter((p) => !runElsewhere.has(p)) };
};
