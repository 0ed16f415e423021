import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERSIONS } from '../../lib/model/versions';
import { cacheDirs, chartArchiveName } from '../../lib/ops/charts/chart-cache';
import { REPO_ROOT, describeWithCharts } from '../lib/ops/charts/fixtures';
import { runBin } from '../support/cli';

const CHARTS = Object.values(VERSIONS.charts);
const SHARED_CACHE = cacheDirs(process.env, REPO_ROOT, homedir()).charts;

/**
 * Runs against a copy of the chart cache the tests use, with every proxy pointing at a closed port: a
 * chart missing from the copy fails at once, offline, the way an unreachable repository does.
 */
describeWithCharts(CHARTS)('npm run charts:pull', () => {
  let cache: string;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'goldenpath-charts-pull-test-'));
    for (const chart of CHARTS)
      cpSync(join(SHARED_CACHE, chartArchiveName(chart)), join(cache, chartArchiveName(chart)));
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  const pull = () =>
    runBin('bin/charts-pull.ts', [], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME } : {}),
      GOLDENPATH_CHART_CACHE: cache,
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
    });

  test('every pinned chart already cached: each said so, exit 0, nothing pulled', () => {
    expect(pull()).toEqual({
      code: 0,
      stdout: '',
      stderr: [
        `charts:pull: chart cache ${cache}`,
        ...CHARTS.map((c) => `  cached ${c.chart} ${c.version}`),
        `charts:pull: ${CHARTS.length} of ${CHARTS.length} charts in the cache`,
        '',
      ].join('\n'),
    });
  });

  test('a chart that cannot be pulled is named with the reason and the retry command; exit 1, the others stay', () => {
    const missing = CHARTS[CHARTS.length - 1];
    rmSync(join(cache, chartArchiveName(missing)));
    const r = pull();
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('  FAILED'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^  FAILED ${missing.chart} ${missing.version}: .*127\\.0\\.0\\.1:9.*; retry: .*helm pull ${missing.chart} --repo ${missing.repo} --version ${missing.version} --destination ${cache}$`,
        ),
      ),
    ]);
    expect(lines[lines.length - 1]).toBe(
      `charts:pull: ${CHARTS.length - 1} of ${CHARTS.length} charts in the cache`,
    );
    expect(readdirSync(cache).sort()).toEqual(
      CHARTS.filter((c) => c !== missing)
        .map(chartArchiveName)
        .sort(),
    );
  });
});
