import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { cacheDirs, chartArchiveName, type ChartRef } from '../../../../lib/ops/charts/chart-cache';
import { layerTools } from '../../../../lib/ops/charts/helm';
import type { ChartRenderContext } from '../../../../lib/ops/charts/render';
import { crc32 } from '../../../../lib/ops/charts/zip';

/** The repository root, against which a relative GOLDENPATH_CHART_CACHE resolves. */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The helm and chart cache the chart tests use: the test setup's one place that reads the
 * environment (GOLDENPATH_CHART_CACHE, XDG_CACHE_HOME), exactly as `npm run charts:pull` does.
 *
 * Renders are kept for the run (in its temporary directory, which the global setup makes and the
 * teardown removes), so a chart the tier tests render with the same values in several files runs
 * through helm once. `cached: false` for a test about helm's own behaviour from call to call.
 */
export function chartTestContext({ cached = true } = {}): ChartRenderContext {
  const dirs = cacheDirs(process.env, REPO_ROOT, homedir());
  return {
    helm: layerTools({ cacheDir: dirs.tools }).helm,
    chartCache: dirs.charts,
    renderCache: cached ? join(tmpdir(), 'goldenpath-chart-renders') : undefined,
  };
}

/**
 * The `describe` for tests that render upstream charts: `describe` itself when every chart in
 * `charts` is in the chart cache; otherwise one that skips the block and puts in its title which
 * charts are missing, where they were looked for and how to get them (`npm run charts:pull`, or
 * GOLDENPATH_CHART_CACHE pointing at a cache that has them, as `.ci/run` does with
 * `../shared/charts`). Nothing is fetched from a test.
 */
export function describeWithCharts(charts: readonly Pick<ChartRef, 'chart' | 'version'>[]): jest.Describe {
  const cache = cacheDirs(process.env, REPO_ROOT, homedir()).charts;
  const missing = charts.map(chartArchiveName).filter((archive) => !existsSync(join(cache, archive)));
  if (missing.length === 0) return describe;
  const note =
    `[skipped: ${missing.join(', ')} not in the chart cache ${cache}; ` +
    'run `npm run charts:pull` or set GOLDENPATH_CHART_CACHE to a cache that has them]';
  const skip = describe.skip;
  return ((name: string, body: () => void) => skip(`${name} ${note}`, body)) as jest.Describe;
}

/** A zip archive of `files` (name → content), deflated unless `stored`, as a zip tool writes it. */
export function makeZip(files: Readonly<Record<string, string | Buffer>>, stored = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const packed = stored ? data : deflateRawSync(data);
    const fileName = Buffer.from(name);
    const header = (size: number): Buffer => {
      const h = Buffer.alloc(size);
      h.writeUInt16LE(stored ? 0 : 8, size === 30 ? 8 : 10);
      h.writeUInt32LE(crc32(data), size === 30 ? 14 : 16);
      h.writeUInt32LE(packed.length, size === 30 ? 18 : 20);
      h.writeUInt32LE(data.length, size === 30 ? 22 : 24);
      h.writeUInt16LE(fileName.length, size === 30 ? 26 : 28);
      return h;
    };
    const local = header(30);
    local.writeUInt32LE(0x04034b50, 0);
    const central = header(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, packed);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A fresh temporary directory for each test of the calling `describe`, removed after it. */
export function tempDirPerTest(prefix: string): () => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
