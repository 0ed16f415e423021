import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../../../../lib/ops/charts/kube-object';
import { cachedRender, type RenderKey } from '../../../../lib/ops/charts/render-cache';
import { tempDirPerTest } from './fixtures';

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { mode: 420 } };

describe('cachedRender', () => {
  const dir = tempDirPerTest('goldenpath-render-cache-');

  beforeEach(() => writeFileSync(join(dir(), 'helm'), 'helm'));

  /** A key whose helm and archive are files of `dir()` (the archive holding `archive`). */
  const key = (extra: Partial<RenderKey> = {}, archive = 'chart v1'): RenderKey => {
    writeFileSync(join(dir(), 'chart.tgz'), archive);
    return {
      helm: join(dir(), 'helm'),
      archive: join(dir(), 'chart.tgz'),
      values: '{}',
      args: ['template'],
      ...extra,
    };
  };
  /** A render that counts its calls. */
  const counting = (objects: () => KubeObject[] = () => [structuredClone(CONFIG_MAP)]) => jest.fn(objects);

  test('renders once per key; each call gets objects of its own', () => {
    const render = counting();
    const cache = join(dir(), 'renders');

    const first = cachedRender(cache, key(), render);
    (first[0].metadata as { name: string }).name = 'changed';
    const second = cachedRender(cache, key(), render);

    expect(render).toHaveBeenCalledTimes(1);
    expect(second).toEqual([CONFIG_MAP]);
    expect(second).not.toBe(first);
  });

  test('another process reads the entry written to the directory', () => {
    const cache = join(dir(), 'renders');
    cachedRender(cache, key(), counting());
    const [file] = readdirSync(cache);
    // What another process finds: the file alone, written whole (no staging file left beside it).
    expect(readdirSync(cache)).toEqual([file]);
    expect(JSON.parse(readFileSync(join(cache, file), 'utf8'))).toEqual([CONFIG_MAP]);
  });

  test.each<[string, Partial<RenderKey>, string]>([
    ['values', { values: '{"replicas":2}' }, 'chart v1'],
    ['arguments', { args: ['template', '--skip-tests'] }, 'chart v1'],
    ['archive content', {}, 'chart v2'],
  ])('other %s: rendered again', (_, extra, archive) => {
    const render = counting();
    const cache = join(dir(), 'renders');

    cachedRender(cache, key(), render);
    cachedRender(cache, key(extra, archive), render);

    expect(render).toHaveBeenCalledTimes(2);
  });

  test.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['-0', -0],
    ['a binary value', new Uint8Array([1, 2])],
    ['a date', new Date(0)],
    ['a set', new Set(['a'])],
  ])('a render holding %s, which JSON cannot carry exactly, is not kept', (_, value) => {
    const render = counting(() => [{ ...CONFIG_MAP, data: { value } }]);
    const cache = join(dir(), 'renders');

    expect(cachedRender(cache, key(), render)).toEqual([{ ...CONFIG_MAP, data: { value } }]);
    cachedRender(cache, key(), render);

    expect(render).toHaveBeenCalledTimes(2);
  });
});
