import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The jest `filter` of jest.config.ts: plain JavaScript, loaded by jest as it is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runSpecsThroughTheirRunner = require('./filter.js') as (
  paths: string[],
) => Promise<{ filtered: string[] }>;

/** A runner of two specs, a spec no runner imports, and a jest file that only takes a name from one. */
const FILES = {
  runner: ['runner.test.ts', "import './sub/a.spec';\nimport './sub/b.spec';\n"],
  a: ['sub/a.spec.ts', "test('a', () => undefined);\n"],
  b: ['sub/b.spec.ts', "test('b', () => undefined);\n"],
  lone: ['sub/lone.spec.ts', "test('lone', () => undefined);\n"],
  other: ['other.test.ts', "import { x } from './sub/a.spec';\n"],
} as const;

describe('test/support/filter.js', () => {
  let dir: string;
  const paths = {} as Record<keyof typeof FILES, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'goldenpath-filter-'));
    mkdirSync(join(dir, 'sub'));
    for (const [name, [file, text]] of Object.entries(FILES)) {
      writeFileSync(join(dir, file), text);
      paths[name as keyof typeof FILES] = join(dir, file);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('with their runner selected, the specs it imports run there only; the others stay', async () => {
    const { runner, a, b, lone, other } = paths;
    expect(await runSpecsThroughTheirRunner([runner, a, b, lone, other])).toEqual({
      filtered: [runner, lone, other],
    });
  });

  test('without their runner (one spec, or a folder of them), specs run by themselves', async () => {
    const { a, b, lone, other } = paths;
    expect(await runSpecsThroughTheirRunner([a, b, lone, other])).toEqual({ filtered: [a, b, lone, other] });
  });
});
