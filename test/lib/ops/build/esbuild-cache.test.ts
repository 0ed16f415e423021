import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CachedBuildSpec,
  cachedBuild,
  cachedBuildSync,
  findCached,
} from '../../../../lib/ops/build/esbuild-cache';
import { LONG_UNUSED_MS, lastUsedAgo, outputsIn } from '../../../support/build-cache';

/** A file last changed a minute ago, as sources are when a build starts. */
function writeSource(file: string, content: string): void {
  writeFileSync(file, content);
  const past = new Date(Date.now() - 60_000);
  utimesSync(file, past, past);
}

describe('esbuild-cache: one build per content of its inputs', () => {
  let root: string;
  let spec: CachedBuildSpec;
  let builds: number;
  /** A build that concatenates its two inputs into out.js, as esbuild would bundle them. */
  const build = (outdir: string) => {
    builds++;
    writeFileSync(
      join(outdir, 'out.js'),
      ['a.ts', 'b.ts'].map((f) => readFileSync(join(root, f), 'utf8')).join(''),
    );
    return ['a.ts', 'b.ts'];
  };
  const output = (dir: string) => readFileSync(join(dir, 'out.js'), 'utf8');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'goldenpath-esbuild-cache-'));
    spec = { root, cacheDir: join(root, 'cache'), key: { entry: 'a.ts' } };
    builds = 0;
    writeSource(join(root, 'a.ts'), 'a;');
    writeSource(join(root, 'b.ts'), 'b;');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('builds once; the same inputs are a hit with the same output, sync or async', async () => {
    const first = cachedBuildSync(spec, build);
    const second = await cachedBuild(spec, (outdir) => Promise.resolve(build(outdir)));
    expect([first.cacheHit, second.cacheHit, builds]).toEqual([false, true, 1]);
    expect(second.dir).toBe(first.dir);
    expect(output(second.dir)).toBe('a;b;');
  });

  test('a changed input builds again; the output it replaced is removed, with its mark of use', () => {
    const first = cachedBuildSync(spec, build);
    lastUsedAgo(first.dir, LONG_UNUSED_MS);
    writeSource(join(root, 'b.ts'), 'B;');
    const second = cachedBuildSync(spec, build);
    expect([second.cacheHit, output(second.dir)]).toEqual([false, 'a;B;']);
    const name = second.dir.split('/').pop()!;
    expect(outputsIn(readdirSync(spec.cacheDir))).toEqual([name]);
    expect(readdirSync(spec.cacheDir).filter((n) => n.endsWith('.used'))).toEqual([`${name}.used`]);
    expect(first.dir).not.toBe(second.dir);
  });

  test('an output a run just found stays through a build of changed inputs (that run may be loading it), and goes once unused for ten minutes', () => {
    const first = cachedBuildSync(spec, build);
    // Built long ago, found by a run a moment ago.
    lastUsedAgo(first.dir, 2 * 3_600_000);
    expect(findCached(spec)).toBe(first.dir);
    writeSource(join(root, 'b.ts'), 'B;');
    const second = cachedBuildSync(spec, build);
    expect(outputsIn(readdirSync(spec.cacheDir)).sort()).toEqual(
      [first.dir, second.dir].map((d) => d.split('/').pop()).sort(),
    );
    expect(output(first.dir)).toBe('a;b;');

    lastUsedAgo(first.dir, LONG_UNUSED_MS);
    writeSource(join(root, 'b.ts'), 'C;');
    const third = cachedBuildSync(spec, build);
    expect(outputsIn(readdirSync(spec.cacheDir)).sort()).toEqual(
      [second.dir, third.dir].map((d) => d.split('/').pop()).sort(),
    );
    expect(readdirSync(spec.cacheDir)).not.toContain(`${first.dir.split('/').pop()}.used`);
  });

  test('another key is another entry, and both stay', () => {
    const first = cachedBuildSync(spec, build);
    const other = cachedBuildSync({ ...spec, key: { entry: 'a.ts', minify: true } }, build);
    expect(other.cacheHit).toBe(false);
    expect(findCached(spec)).toBe(first.dir);
  });

  test.each([
    ['a changed output file', (d: string) => writeFileSync(join(d, 'out.js'), 'garbage')],
    ['a missing output folder', (d: string) => rmSync(d, { recursive: true })],
    ['a file added to the output folder', (d: string) => writeFileSync(join(d, 'extra.js'), '')],
    ['a deleted input', () => rmSync(join(root, 'a.ts'))],
  ])('%s is not a hit', (_what, damage) => {
    const first = cachedBuildSync(spec, build);
    damage(first.dir);
    expect(findCached(spec)).toBeUndefined();
  });

  test('an index that is not JSON is a miss, and the next build rewrites it', () => {
    cachedBuildSync(spec, build);
    const index = readdirSync(spec.cacheDir).find((f) => f.endsWith('.json'))!;
    writeFileSync(join(spec.cacheDir, index), '{"inputs":');
    expect(cachedBuildSync(spec, build).cacheHit).toBe(false);
    expect(cachedBuildSync(spec, build).cacheHit).toBe(true);
  });

  test('an input changed while the build ran is used but not recorded', () => {
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(join(root, 'b.ts'), future, future);
    expect(cachedBuildSync(spec, build).cacheHit).toBe(false);
    expect(cachedBuildSync(spec, build).cacheHit).toBe(false);
  });

  test('a cache folder that cannot be written: the build goes to a temporary folder, is used, and nothing is kept', async () => {
    // A file where the cache folder's parent goes: mkdir fails for root too.
    writeFileSync(join(root, 'blocked'), '');
    spec = { ...spec, cacheDir: join(root, 'blocked', 'cache') };
    const first = cachedBuildSync(spec, build);
    const second = await cachedBuild(spec, (outdir) => Promise.resolve(build(outdir)));
    expect([first.cacheHit, second.cacheHit, builds]).toEqual([false, false, 2]);
    expect(first.uncached).toBe('the cache folder blocked/cache cannot be written (ENOTDIR)');
    expect(output(first.dir)).toBe('a;b;');
    expect(first.dir.startsWith(join(tmpdir(), 'goldenpath-build-'))).toBe(true);
    expect(second.dir).not.toBe(first.dir);
  });

  test('the temporary folder of a build that could not be cached is gone when the process exits', () => {
    writeFileSync(join(root, 'blocked'), '');
    // Node loads the cache module by type stripping, as bin/run.js does.
    const script = [
      `const { cachedBuildSync } = require(${JSON.stringify(join(__dirname, '..', '..', '..', '..', 'lib', 'ops', 'build', 'esbuild-cache.ts'))});`,
      `const spec = { root: ${JSON.stringify(root)}, cacheDir: ${JSON.stringify(join(root, 'blocked', 'cache'))}, key: 1 };`,
      "const { dir } = cachedBuildSync(spec, (out) => (require('node:fs').writeFileSync(out + '/out.js', 'x'), ['a.ts']));",
      'console.log(dir);',
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const dir = run.stdout.trim();
    expect(dir.startsWith(join(tmpdir(), 'goldenpath-build-'))).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  test('a build that fails leaves nothing behind and throws its error', async () => {
    const failing = () => {
      throw new Error('does not compile');
    };
    expect(() => cachedBuildSync(spec, failing)).toThrow('does not compile');
    await expect(cachedBuild(spec, () => Promise.reject(new Error('async too')))).rejects.toThrow(
      'async too',
    );
    expect(readdirSync(spec.cacheDir)).toEqual([]);
  });

  test('what a killed build left an hour ago is removed; a build in progress is not', () => {
    mkdirSync(spec.cacheDir, { recursive: true });
    const old = join(spec.cacheDir, 'building-old');
    const running = join(spec.cacheDir, 'building-now');
    mkdirSync(old);
    mkdirSync(running);
    const past = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(old, past, past);
    cachedBuildSync(spec, build);
    const names = readdirSync(spec.cacheDir);
    expect(names).not.toContain('building-old');
    expect(names).toContain('building-now');
  });
});
