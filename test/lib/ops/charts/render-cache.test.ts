import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../../../../lib/ops/charts/kube-object';
import { cachedBatch, cachedRender, type RenderKey } from '../../../../lib/ops/charts/render-cache';
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

  test('waits for another process rendering the same chart, and reads its entry', () => {
    // GIVEN an entry, and another directory where a live process holds its lock
    const first = join(dir(), 'first');
    cachedRender(first, key(), counting());
    const [entry] = readdirSync(first);
    const cache = join(dir(), 'renders');
    mkdirSync(cache);
    // Its entry holds other objects, to tell them from a render of this process.
    writeFileSync(join(first, entry), JSON.stringify([{ ...CONFIG_MAP, metadata: { name: 'theirs' } }]));
    const writer = spawn(
      process.execPath,
      [
        '-e',
        'setTimeout(() => require("fs").copyFileSync(process.argv[1], process.argv[2]), 300)',
        join(first, entry),
        join(cache, entry),
      ],
      { stdio: 'ignore' },
    );
    writeFileSync(join(cache, `${entry}.lock`), String(writer.pid));
    const render = counting();

    // WHEN
    const objects = cachedRender(cache, key(), render);

    // THEN
    expect(render).not.toHaveBeenCalled();
    expect(objects).toEqual([{ ...CONFIG_MAP, metadata: { name: 'theirs' } }]);
  });

  test('takes over a lock whose process has gone', () => {
    const first = join(dir(), 'first');
    cachedRender(first, key(), counting());
    const [entry] = readdirSync(first);
    const cache = join(dir(), 'renders');
    mkdirSync(cache);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(cache, `${entry}.lock`), String(gone));
    const render = counting();

    expect(cachedRender(cache, key(), render)).toEqual([CONFIG_MAP]);
    expect(render).toHaveBeenCalledTimes(1);
    expect(readdirSync(cache)).toEqual([entry]);
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

describe('cachedBatch', () => {
  const dir = tempDirPerTest('goldenpath-batch-cache-');

  test('produces only the values not kept yet, in one call, and writes them to one file', () => {
    const produce = jest.fn((missing: number[]) => missing.map((i) => ({ n: i })));

    expect(cachedBatch(dir(), ['a', 'b'], produce)).toEqual([{ n: 0 }, { n: 1 }]);
    const again = cachedBatch(dir(), ['b', 'c', 'a'], produce);

    expect(produce.mock.calls).toEqual([[[0, 1]], [[1]]]);
    expect(again).toEqual([{ n: 1 }, { n: 1 }, { n: 0 }]);
    expect(readdirSync(dir()).filter((f) => f.endsWith('.jsonl'))).toHaveLength(2);
  });

  test('each call gets values of its own; a value JSON cannot carry is not kept', () => {
    const produce = jest.fn((missing: number[]) => missing.map(() => ({ at: new Date(0) })));
    const first = cachedBatch(dir(), ['a'], (missing) => missing.map(() => ({ list: [1] })));
    first[0].list.push(2);

    expect(cachedBatch(dir(), ['a'], () => [])).toEqual([{ list: [1] }]);
    cachedBatch(dir(), ['d'], produce);
    cachedBatch(dir(), ['d'], produce);
    expect(produce).toHaveBeenCalledTimes(2);
  });

  test('reads the values another process wrote, and writes them in the same form', () => {
    // GIVEN a batch another process wrote (one line per value: id, tab, JSON)
    writeFileSync(
      join(dir(), 'other.jsonl'),
      `x\t"first"\ny\t${JSON.stringify({ s: 'line\nbreak\ttab' })}\n`,
    );

    // WHEN
    const values = cachedBatch(dir(), ['y', 'x'], () => {
      throw new Error('produced');
    });
    cachedBatch(dir(), ['z'], () => [{ s: 'line\nbreak\ttab' }]);

    // THEN
    expect(values).toEqual([{ s: 'line\nbreak\ttab' }, 'first']);
    const [own] = readdirSync(dir()).filter((f) => f !== 'other.jsonl');
    expect(own).toMatch(/\.jsonl$/);
    expect(readFileSync(join(dir(), own), 'utf8')).toBe(`z\t${JSON.stringify({ s: 'line\nbreak\ttab' })}\n`);
  });
});
