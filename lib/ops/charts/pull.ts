import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chartArchiveName, helmPullArgs, helmPullCommand, type ChartRef } from './chart-cache';

/** What became of one chart: already cached, pulled now, or not pulled (with helm's reason). */
export type PullOutcome =
  | { readonly chart: ChartRef; readonly status: 'cached' | 'pulled' }
  | { readonly chart: ChartRef; readonly status: 'failed'; readonly reason: string };

/** Options of {@link pullCharts}. */
export interface PullChartsOptions {
  /** The helm executable. */
  readonly helm: string;
  /** The chart cache directory to fill. */
  readonly cacheDir: string;
  /** The charts to make sure of. */
  readonly charts: readonly ChartRef[];
  /**
   * The environment helm runs with (proxies, CA bundles); its own config, cache and data
   * directories are always fresh temporary ones.
   *
   * @default {}
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * How long one `helm pull` may take.
   *
   * @default 120000
   */
  readonly timeoutMs?: number;
}

/**
 * Puts every chart of `charts` that the cache lacks into it with `helm pull` from its public
 * repository; a chart already there is left alone. Each archive is pulled into a temporary
 * directory and renamed into place, so a failed or concurrent pull never leaves half a file.
 * A failure does not stop the other charts: each outcome says what happened, with the command to
 * retry by hand.
 *
 * @see https://helm.sh/docs/helm/helm_pull/
 */
export function pullCharts(options: PullChartsOptions): PullOutcome[] {
  mkdirSync(options.cacheDir, { recursive: true });
  return options.charts.map((chart): PullOutcome => {
    const target = join(options.cacheDir, chartArchiveName(chart));
    if (existsSync(target)) return { chart, status: 'cached' };
    const work = mkdtempSync(join(options.cacheDir, '.pull-'));
    try {
      const run = spawnSync(options.helm, helmPullArgs(chart, work), {
        cwd: work,
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 120_000,
        env: {
          ...options.env,
          HELM_CACHE_HOME: join(work, '.helm', 'cache'),
          HELM_CONFIG_HOME: join(work, '.helm', 'config'),
          HELM_DATA_HOME: join(work, '.helm', 'data'),
        },
      });
      const retry = `retry: ${helmPullCommand(chart, options.cacheDir, options.helm)}`;
      if (run.error || run.status !== 0) {
        const why = run.error?.message ?? (run.stderr.trim() || `exit ${run.status}`);
        return { chart, status: 'failed', reason: `${why}; ${retry}` };
      }
      const pulled = join(work, chartArchiveName(chart));
      if (!existsSync(pulled)) {
        return {
          chart,
          status: 'failed',
          reason: `helm pull wrote no ${chartArchiveName(chart)} (is the version spelled as the chart spells it?); ${retry}`,
        };
      }
      renameSync(pulled, target);
      return { chart, status: 'pulled' };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
