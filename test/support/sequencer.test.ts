import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

// The jest sequencer of jest.config.ts: plain JavaScript, loaded by jest as it is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sequencer = require('./sequencer.js') as new (options: object) => {
  sort(tests: FakeTest[]): FakeTest[];
  _getCache(test: FakeTest): Record<string, [number, number]>;
};

interface FakeTest {
  readonly path: string;
  readonly context: object;
  duration?: number;
}

describe('test/support/sequencer.js', () => {
  let dir: string;
  let tests: FakeTest[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'goldenpath-sequencer-'));
    const files = {
      'runner.test.ts': "import './a.spec';\n",
      'big.test.ts': `const moto = useMoto();\n${'// padding\n'.repeat(200)}`,
      'small.test.ts': 'const pg = usePostgres();\nconst moto = useMoto();\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    // jest's own sequencer orders by size when it has no timings; no cache is read (cache: false).
    const context = { config: { cache: false }, hasteFS: { getSize: (p: string) => statSync(p).size } };
    tests = Object.keys(files).map((name) => ({ path: join(dir, name), context }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const order = (sorted: FakeTest[]) => sorted.map((t) => basename(t.path));

  test('with no timings (a fresh clone) a runner of specs goes first, the rest by size; it counts the services', () => {
    const before = process.env.GOLDENPATH_TEST_NEEDS;
    try {
      expect(order(new Sequencer({}).sort([...tests]))).toEqual([
        'runner.test.ts',
        'big.test.ts',
        'small.test.ts',
      ]);
      expect(JSON.parse(process.env.GOLDENPATH_TEST_NEEDS!)).toEqual({ moto: 2, postgres: 1 });
    } finally {
      process.env.GOLDENPATH_TEST_NEEDS = before;
    }
  });

  test("with timings from an earlier run, jest's order stands: the longest first", () => {
    const before = process.env.GOLDENPATH_TEST_NEEDS;
    try {
      const sequencer = new Sequencer({});
      const timings: Record<string, [number, number]> = {};
      for (const [name, seconds] of [
        ['runner.test.ts', 2],
        ['big.test.ts', 1],
        ['small.test.ts', 3],
      ] as const)
        timings[join(dir, name)] = [1, seconds];
      sequencer._getCache = () => timings;
      expect(order(sequencer.sort([...tests]))).toEqual(['small.test.ts', 'runner.test.ts', 'big.test.ts']);
    } finally {
      process.env.GOLDENPATH_TEST_NEEDS = before;
    }
  });
});
