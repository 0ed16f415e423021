import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApp } from '../support/app';

const ROOT = join(__dirname, '..', '..');
const BUNDLING = 'Bundling bin/app.ts (not bundled yet, or a file it imports changed)...\n';

/**
 * A checkout of its own: the launcher and the cache module copied from the repository, a small
 * app in bin/app.ts, and esbuild linked from the repository's node_modules (the cache goes to
 * this checkout's node_modules/.cache, not the repository's).
 */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'goldenpath-run-app-'));
  for (const dir of ['bin', 'lib/ops/build', 'node_modules']) mkdirSync(join(root, dir), { recursive: true });
  for (const file of [
    'bin/run-app.js',
    'lib/ops/build/esbuild-cache.ts',
    'tsconfig.json',
    'package-lock.json',
  ])
    copyFileSync(join(ROOT, file), join(root, file));
  symlinkSync(join(ROOT, 'node_modules', 'esbuild'), join(root, 'node_modules', 'esbuild'));
  write(
    root,
    'bin/app.ts',
    [
      '#!/usr/bin/env node',
      "import { word, where } from '../lib/word';",
      'const here: string = __dirname;',
      'console.log(JSON.stringify({ word, where, here, file: __filename }));',
      '',
    ].join('\n'),
  );
  write(root, 'lib/word.ts', "export { word } from './spelling';\nexport const where = __dirname;\n");
  write(root, 'lib/spelling.ts', "export const word: string = 'one';\n");
  return root;
}

const write = (root: string, file: string, content: string) => writeFileSync(join(root, file), content);

function launch(root: string, node = process.execPath, preload: string[] = []) {
  const res = spawnSync(node, [...preload, join(root, 'bin', 'run-app.js')], { cwd: root, encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const bundles = (root: string) =>
  readdirSync(join(root, 'node_modules', '.cache', 'goldenpath-cdk', 'app')).filter(
    (n) => !n.endsWith('.json'),
  );

describe('bin/run-app.js: the app from a bundle cached per content', () => {
  let root: string;
  beforeEach(() => {
    root = checkout();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('bundles once; the next run uses the bundle, and every file keeps its own __dirname', () => {
    const first = launch(root);
    expect(first).toEqual({ code: 0, stdout: expect.any(String) as string, stderr: BUNDLING });
    expect(JSON.parse(first.stdout)).toEqual({
      word: 'one',
      where: join(root, 'lib'),
      here: join(root, 'bin'),
      file: join(root, 'bin', 'app.ts'),
    });
    expect(launch(root)).toEqual({ code: 0, stdout: first.stdout, stderr: '' });
    expect(bundles(root)).toHaveLength(1);
  });

  test('a changed byte in an imported file bundles again, and the old bundle is removed', () => {
    launch(root);
    const before = bundles(root);
    write(root, 'lib/spelling.ts', "export const word: string = 'two';\n");
    const second = launch(root);
    expect(second.stderr).toBe(BUNDLING);
    expect(JSON.parse(second.stdout)).toMatchObject({ word: 'two' });
    expect(bundles(root)).toHaveLength(1);
    expect(bundles(root)).not.toEqual(before);
  });

  test.each([
    ['the launcher', 'bin/run-app.js', (s: string) => `${s}\n// another option\n`],
    ['tsconfig.json', 'tsconfig.json', (s: string) => s.replace('"strict": true', '"strict": false')],
    [
      'the lock file',
      'package-lock.json',
      (s: string) => s.replace('"lockfileVersion"', '"lockfileVersion" '),
    ],
  ])('a change to %s bundles again', (_what, file, change) => {
    launch(root);
    write(root, file, change(readFileSync(join(root, file), 'utf8')));
    expect(launch(root)).toMatchObject({ code: 0, stderr: BUNDLING });
  });

  test('a damaged bundle is rebuilt, not run', () => {
    launch(root);
    const dir = join(root, 'node_modules', '.cache', 'goldenpath-cdk', 'app', bundles(root)[0]);
    write(dir, 'app.js', 'throw new Error("damaged")');
    expect(launch(root)).toMatchObject({ code: 0, stderr: BUNDLING });
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
        spawn(process.execPath, [join(root, 'bin', 'run-app.js')], { cwd: root, stdio: 'ignore' }).on(
          'close',
          resolve,
        ),
      );
    expect(await Promise.all([run(), run(), run()])).toEqual([0, 0, 0]);
    expect(bundles(root)).toHaveLength(1);
    expect(launch(root).stderr).toBe('');
  });

  test('a Node older than 22.18 is told which Node it needs, not shown a syntax error', () => {
    const older = join(root, 'older-node.js');
    write(
      root,
      'older-node.js',
      "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.19.0' } });\n",
    );
    const run = launch(root, process.execPath, ['--require', older]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^goldenpath-cdk needs Node >= 22\.18 \(see \.nvmrc; `nvm use` picks it up\); this is Node v/,
    );
  });
});

describe('bin/run-app.js on the real app', () => {
  test('writes the same templates, assets and manifests as the app run from its sources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'goldenpath-run-app-real-'));
    try {
      expect(runApp(join(dir, 'bundle'), { buildId: 'pr-9' }).status).toBe(0);
      const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: object };
      const tsx = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          CDK_OUTDIR: join(dir, 'tsx'),
          CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, buildId: 'pr-9' }),
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
      expect(bundled.filter((f) => f.endsWith('.template.json'))).toHaveLength(3);
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
