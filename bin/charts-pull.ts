#!/usr/bin/env node
// npm run charts:pull: fills the chart cache ($GOLDENPATH_CHART_CACHE, else the user cache) with
// every chart that lib/model/versions.ts pins, pulled from its public repository with the helm that
// the kubectl layer package ships. Exits non-zero when a chart could not be pulled.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { VERSIONS } from '../lib/model/versions';
import { cacheDirs } from '../lib/ops/charts/chart-cache';
import { layerTools } from '../lib/ops/charts/helm';
import { pullCharts } from '../lib/ops/charts/pull';

const ROOT = join(__dirname, '..');
const dirs = cacheDirs(process.env, ROOT, homedir());
const { helm } = layerTools({ cacheDir: dirs.tools });
console.error(`charts:pull: chart cache ${dirs.charts}`);
const outcomes = pullCharts({
  helm,
  cacheDir: dirs.charts,
  charts: Object.values(VERSIONS.charts),
  env: process.env,
});
for (const outcome of outcomes) {
  const name = `${outcome.chart.chart} ${outcome.chart.version}`;
  console.error(
    outcome.status === 'failed' ? `  FAILED ${name}: ${outcome.reason}` : `  ${outcome.status} ${name}`,
  );
}
const failed = outcomes.filter((o) => o.status === 'failed').length;
console.error(`charts:pull: ${outcomes.length - failed} of ${outcomes.length} charts in the cache`);
process.exit(failed > 0 ? 1 : 0);
