import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { unrunTestModules } from './support/test-modules';

// jest runs `*.test.ts` and `*.spec.ts` files. Tests in any other module (the modules under
// test/lib/stacks/cluster-stack/, test/lib/stacks/foundation-stack/) run only when a jest file
// imports them: a module nobody imports would be skipped without a word. A `*.spec.ts` subject runs
// through test/committed-apps.test.ts in a whole run (test/support/filter.js), where it shares the
// committed apps: one that file does not import would build its own.

const TEST_ROOT = __dirname;

function testSources(dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'fixtures') testSources(path, into);
    } else if (entry.name.endsWith('.ts')) {
      into.set(path, readFileSync(path, 'utf8'));
    }
  }
  return into;
}

describe('every test runs', () => {
  test('each module that declares tests is a jest file or imported by one', () => {
    const files = testSources(TEST_ROOT);
    // The check has something to check: the subjects of the shared-app runner are among the files.
    expect([...files.keys()].filter((f) => f.endsWith('.spec.ts')).length).toBeGreaterThan(10);
    expect(unrunTestModules(files).map((f) => relative(TEST_ROOT, f))).toEqual([]);
  });

  test('each *.spec.ts is imported by a jest file, which runs it with the apps it shares', () => {
    const files = testSources(TEST_ROOT);
    const imported = new Set(
      [...files].flatMap(([file, source]) =>
        file.endsWith('.test.ts')
          ? [...source.matchAll(/^import '(\.{1,2}\/[^']+\.spec)';$/gm)].map(([, spec]) =>
              join(file, '..', `${spec}.ts`),
            )
          : [],
      ),
    );
    const specs = [...files.keys()].filter((f) => f.endsWith('.spec.ts'));
    expect(specs.length).toBeGreaterThan(10);
    expect(specs.filter((f) => !imported.has(f)).map((f) => relative(TEST_ROOT, f))).toEqual([]);
  });

  test('a subject no jest file imports is reported, also behind a module that is not imported', () => {
    const files = new Map([
      ['/t/runner.test.ts', "import './a';\nimport { helper } from './support/helper';\n"],
      ['/t/a.ts', "import './nested';\ndescribe('a', () => undefined);\n"],
      ['/t/nested.ts', "test('nested', () => undefined);\n"],
      ['/t/support/helper.ts', 'export const helper = 1;\n'],
      ['/t/alone.spec.ts', "import './alone-child';\ntest('alone', () => undefined);\n"],
      ['/t/alone-child.ts', "test('child of a jest file', () => undefined);\n"],
      ['/t/orphan.ts', "import './orphan-child';\ntest.each([1])('orphan %d', () => undefined);\n"],
      ['/t/orphan-child.ts', "describeWithCharts([])('child', () => undefined);\n"],
    ]);
    expect(unrunTestModules(files)).toEqual(['/t/orphan-child.ts', '/t/orphan.ts']);
  });
});
