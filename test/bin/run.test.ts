import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApp } from '../support/app';
import { LONG_UNUSED_MS, lastUsedAgo, outputsIn } from '../support/build-cache';

const ROOT = join(__dirname, '..', '..');

/**
 * A checkout of its own: the launcher and the cache module copied from the repository, a small
 * app in bin/app.ts, and esbuild linked from the repository's node_modules (the cache goes to
 * this checkout's node_modules/.cache, not the repository's).
 */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'goldenpath-run-'));
  for (const dir of ['bin', 'lib/ops/build', 'node_modules']) mkdirSync(join(root, dir), { recursive: true });
  for (const file of ['bin/run.js', 'lib/ops/build/esbuild-cache.ts', 'tsconfig.json', 'package-lock.json'])
    copyFileSync(join(ROOT, file), join(root, file));
  symlinkSync(join(ROOT, 'node_modules', 'esbuild'), join(root, 'node_modules', 'esbuild'));
  write(
    root,
    'bin/app.ts',
    [
      '#!/usr/bin/env node',
      "import { word, where } from '../lib/word';",
      'const here: string = __dirname;',
      'console.log(JSON.stringify({ word, where, here, file: __filename, argv: process.argv.slice(1) }));',
      '',
    ].join('\n'),
  );
  write(root, 'lib/word.ts', "export { word } from './spelling';\nexport const where = __dirname;\n");
  write(root, 'lib/spelling.ts', "export const word: string = 'one';\n");
  return root;
}

const write = (root: string, file: string, content: string) => writeFileSync(join(root, file), content);

function launch(root: string, args: string[] = ['bin/app.ts'], preload: string[] = []) {
  const res = spawnSync(process.execPath, [...preload, join(root, 'bin', 'run.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const cacheDir = (root: string) => join(root, 'node_modules', '.cache', 'goldenpath-cdk', 'run');
const bundles = (root: string) => outputsIn(readdirSync(cacheDir(root)));

/**
 * The cache's files, each with its inode: a run that bundles writes a new index (a new file
 * renamed over the old one), a run from the cache writes nothing.
 */
const cacheState = (root: string) =>
  readdirSync(cacheDir(root), { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => `${f} ${statSync(join(cacheDir(root), f)).ino}`);

/** Runs the checkout's app and says whether it bundled (the cache changed) or ran from the cache. */
function launchAndWatch(root: string, args: string[] = ['bin/app.ts']) {
  const before = existsSync(cacheDir(root)) ? cacheState(root) : [];
  const run = launch(root, args);
  return { ...run, bundled: JSON.stringify(cacheState(root)) !== JSON.stringify(before) };
}

describe('bin/run.js: an entry point from a bundle cached per content', () => {
  // One checkout, bundled by its first run and run once more from the cache (with arguments), and
  // a copy of it as those runs left it.
  describe('in one checkout, bundled once', () => {
    let root: string;
    let bundled: string;
    let first: ReturnType<typeof launchAndWatch>;
    let second: ReturnType<typeof launchAndWatch>;
    beforeAll(() => {
      root = checkout();
      first = launchAndWatch(root);
      second = launchAndWatch(root, ['bin/app.ts', '--env', 'dev']);
      bundled = `${root}-bundled`;
      cpSync(root, bundled, { recursive: true, verbatimSymlinks: true });
    });
    afterAll(() => {
      rmSync(root, { recursive: true, force: true });
      rmSync(bundled, { recursive: true, force: true });
    });

    // Tests that only read.
    describe('as its first runs left it', () => {
      test('bundles once; the next run uses the bundle, and every file keeps its own __dirname', () => {
        expect(first).toEqual({ code: 0, stdout: expect.any(String) as string, stderr: '', bundled: true });
        expect(JSON.parse(first.stdout)).toEqual({
          word: 'one',
          where: join(root, 'lib'),
          here: join(root, 'bin'),
          file: join(root, 'bin', 'app.ts'),
          argv: [join(root, 'bin', 'app.ts')],
        });
        expect(second).toEqual({ code: 0, stdout: expect.any(String) as string, stderr: '', bundled: false });
        // What the first run printed, but for the arguments the second was given.
        expect(JSON.parse(second.stdout)).toEqual({
          ...(JSON.parse(first.stdout) as object),
          argv: [join(root, 'bin', 'app.ts'), '--env', 'dev'],
        });
        expect(bundles(root)).toHaveLength(1);
      });

      test('the entry sees its own path and its arguments, as when run directly', () => {
        expect(JSON.parse(first.stdout)).toMatchObject({ argv: [join(root, 'bin', 'app.ts')] });
        expect(JSON.parse(second.stdout)).toMatchObject({
          argv: [join(root, 'bin', 'app.ts'), '--env', 'dev'],
        });
      });

      test.each([
        [[], 'bin/run.js: no entry given'],
        [['bin/app.js'], 'bin/run.js: bin/app.js: not a .ts file'],
        [['bin/nope.ts'], 'bin/run.js: bin/nope.ts: no such file'],
      ])('%j is refused with the usage', (args, message) => {
        expect(launch(root, args)).toEqual({
          code: 2,
          stdout: '',
          stderr: `${message}\nusage: node bin/run.js <entry.ts> [arguments]   (for example bin/app.ts, bin/preflight.ts)\n`,
        });
      });

      test('a Node older than 22.18 is told which Node it needs, not shown a syntax error', () => {
        // The preload lives outside the checkout, which stays as its first runs left it.
        const dir = mkdtempSync(join(tmpdir(), 'goldenpath-run-node-'));
        let run: ReturnType<typeof launch>;
        try {
          write(
            dir,
            'older-node.js',
            "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.19.0' } });\n",
          );
          run = launch(root, ['bin/app.ts'], ['--require', join(dir, 'older-node.js')]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
          /^goldenpath-cdk needs Node >= 22\.18 \(see \.nvmrc; `nvm use` picks it up\); this is Node v/,
        );
      });
    });

    // Tests that change a source, the launcher, tsconfig, the lock file or the cache after the first
    // bundling: each works on the copy, put back at the path the bundle was made at (the cache key
    // holds the checkout's path: a copy anywhere else would bundle again), and leaves it put back.
    describe('changed, in a copy put back at its path', () => {
      const putBack = () => {
        rmSync(root, { recursive: true, force: true });
        cpSync(bundled, root, { recursive: true, verbatimSymlinks: true });
      };
      beforeEach(putBack);
      afterEach(putBack);

      // Also what makes the tests below start from a bundle that the next run would use.
      test('a copy of the checkout and its cache at the same path (as a CI cache restore makes) runs from the cache', () => {
        expect(bundles(root)).toHaveLength(1);
        const run = launchAndWatch(root);
        expect(run).toEqual({ code: 0, stdout: expect.any(String) as string, stderr: '', bundled: false });
        expect(JSON.parse(run.stdout)).toMatchObject({ word: 'one', where: join(root, 'lib') });
      });

      test('each entry has its own bundle, and both stay', () => {
        write(
          root,
          'bin/other.ts',
          "import { word } from '../lib/word';\nconsole.log(word.toUpperCase());\n",
        );
        expect(launch(root, ['bin/other.ts'])).toEqual({ code: 0, stdout: 'ONE\n', stderr: '' });
        expect(bundles(root)).toHaveLength(2);
        expect(launchAndWatch(root).bundled).toBe(false);
      });

      test('a second checkout sharing node_modules (as a synth of a git ref does) runs its own files', () => {
        const other = mkdtempSync(join(tmpdir(), 'goldenpath-run-other-'));
        try {
          for (const dir of ['bin', 'lib']) cpSync(join(root, dir), join(other, dir), { recursive: true });
          for (const file of ['tsconfig.json', 'package-lock.json'])
            copyFileSync(join(root, file), join(other, file));
          symlinkSync(join(root, 'node_modules'), join(other, 'node_modules'));
          expect(JSON.parse(launch(other).stdout)).toMatchObject({
            where: join(other, 'lib'),
            here: join(other, 'bin'),
          });
          expect(JSON.parse(launch(root).stdout)).toMatchObject({
            where: join(root, 'lib'),
            here: join(root, 'bin'),
          });
        } finally {
          rmSync(other, { recursive: true, force: true });
        }
      });

      test('a changed byte in an imported file bundles again, and the old bundle is removed once unused', () => {
        const before = bundles(root);
        for (const name of before) lastUsedAgo(join(cacheDir(root), name), LONG_UNUSED_MS);
        write(root, 'lib/spelling.ts', "export const word: string = 'two';\n");
        const second = launchAndWatch(root);
        expect(second.bundled).toBe(true);
        expect(JSON.parse(second.stdout)).toMatchObject({ word: 'two' });
        expect(bundles(root)).toHaveLength(1);
        expect(bundles(root)).not.toEqual(before);
      });

      test.each([
        ['the launcher', 'bin/run.js', (s: string) => `${s}\n// another option\n`],
        ['tsconfig.json', 'tsconfig.json', (s: string) => s.replace('"strict": true', '"strict": false')],
        [
          'the lock file',
          'package-lock.json',
          (s: string) => s.replace('"lockfileVersion"', '"lockfileVersion" '),
        ],
      ])('a change to %s bundles again', (_what, file, change) => {
        write(root, file, change(readFileSync(join(root, file), 'utf8')));
        expect(launchAndWatch(root)).toMatchObject({ code: 0, stderr: '', bundled: true });
      });

      test('a damaged bundle is rebuilt, not run', () => {
        write(join(cacheDir(root), bundles(root)[0]), 'index.js', 'throw new Error("damaged")');
        expect(launchAndWatch(root)).toMatchObject({ code: 0, stderr: '', bundled: true });
      });
    });
  });

  // Tests that start before any bundling, or watch the cache around the first: a new checkout each.
  describe('in a new checkout', () => {
    let root: string;
    beforeEach(() => {
      root = checkout();
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    test('a cache that cannot be written (node_modules read-only or another user’s): the entry runs from its sources, after one line saying why', () => {
      // A file where the cache folder goes: mkdir fails for root too (a read-only mode would not stop root).
      writeFileSync(join(root, 'node_modules', '.cache'), '');
      symlinkSync(join(ROOT, 'node_modules', 'tsx'), join(root, 'node_modules', 'tsx'));
      const run = launch(root, ['bin/app.ts', '--flag']);
      expect(run.stderr).toBe(
        'bin/run.js: the cache folder node_modules/.cache/goldenpath-cdk/run cannot be written (ENOTDIR): running bin/app.ts from its sources through tsx (slower); make node_modules/.cache writable to keep bundles between runs\n',
      );
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        word: 'one',
        where: join(root, 'lib'),
        here: join(root, 'bin'),
        file: join(root, 'bin', 'app.ts'),
        argv: [join(root, 'bin', 'app.ts'), '--flag'],
      });
    });

    test('a temporary entry that is gone leaves nothing in the cache at the next bundling (its bundle once unused for ten minutes)', () => {
      const tmp = mkdtempSync(join(root, 'copy-'));
      write(tmp, 'once.ts', "console.log('once');\n");
      expect(launch(root, [join(tmp, 'once.ts')]).stdout).toBe('once\n');
      rmSync(tmp, { recursive: true });
      for (const name of bundles(root)) lastUsedAgo(join(cacheDir(root), name), LONG_UNUSED_MS);
      launch(root);
      expect(readdirSync(cacheDir(root)).filter((n) => n.endsWith('.json'))).toHaveLength(1);
      expect(bundles(root)).toHaveLength(1);
    });

    test('a source that does not compile is one message naming the file and line, no stack trace', () => {
      write(root, 'lib/spelling.ts', 'export const word: string = ;\n');
      const run = launch(root);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('bin/app.ts could not be bundled:\n✘ [ERROR] Unexpected ";"');
      expect(run.stderr).toContain('lib/spelling.ts:1:28:');
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(bundles(root)).toEqual([]);
    });

    test('an error in the app points at the TypeScript source, through the source map', () => {
      write(root, 'lib/spelling.ts', "export const word: string = 'one';\nthrow new Error('boom');\n");
      const run = launch(root);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${join(root, 'lib', 'spelling.ts')}:2:7`);
    });

    test('two synths at once on an empty cache both run, and leave one bundle', async () => {
      const run = () =>
        new Promise<number | null>((resolve) =>
          spawn(process.execPath, [join(root, 'bin', 'run.js'), 'bin/app.ts'], {
            cwd: root,
            stdio: 'ignore',
          }).on('close', resolve),
        );
      expect(await Promise.all([run(), run(), run()])).toEqual([0, 0, 0]);
      expect(bundles(root)).toHaveLength(1);
      expect(launchAndWatch(root).bundled).toBe(false);
    });
  });
});

describe('bin/run.js on the real app', () => {
  test('writes the same templates, assets and manifests as the app run from its sources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'goldenpath-run-real-'));
    try {
      expect(runApp(join(dir, 'bundle'), {}).status).toBe(0);
      const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: object };
      // tsx keeps each source it compiled in os.tmpdir(), which the test run points at a folder of
      // its own (test/support/global-setup.ts): there every run would compile every source again,
      // most of a second. Next to the project's other caches it lasts; tsx keys it by content.
      const tsxTmp = join(ROOT, 'node_modules', '.cache', 'goldenpath-cdk', 'tsx');
      mkdirSync(tsxTmp, { recursive: true });
      const tsx = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          TMPDIR: tsxTmp,
          CDK_OUTDIR: join(dir, 'tsx'),
          CDK_CONTEXT_JSON: JSON.stringify(cdkJson.context),
          CDK_VALIDATION: 'false',
        },
      });
      expect(tsx.status).toBe(0);
      // Everything but the metadata, which holds stack traces (the launcher's frames differ).
      const files = (d: string): string[] =>
        readdirSync(d, { recursive: true, encoding: 'utf8' })
          .filter((f) => !f.endsWith('metadata.json') && f !== 'validation-report.json')
          .sort();
      const bundled = files(join(dir, 'bundle'));
      expect(bundled).toEqual(files(join(dir, 'tsx')));
      expect(bundled.filter((f) => f.endsWith('.template.json'))).toHaveLength(2);
      for (const f of bundled) {
        const path = (d: string) => join(dir, d, f);
        let same: boolean;
        try {
          same = readFileSync(path('bundle')).equals(readFileSync(path('tsx')));
        } catch {
          // A folder: its files are in the list too.
          same = true;
        }
        expect({ file: f, same }).toEqual({ file: f, same: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
