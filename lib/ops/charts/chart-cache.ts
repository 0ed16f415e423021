import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { UserInputError } from '../../model/errors';

/** The environment variable that names the chart cache directory (relative to the repository). */
export const CHART_CACHE_VARIABLE = 'GOLDENPATH_CHART_CACHE';

/** A Helm chart at one exact version and the repository users pull it from (as in `VERSIONS.charts`). */
export interface ChartRef {
  /** The chart repository URL (`https://…`, or `oci://…` for an OCI registry). */
  readonly repo: string;
  /** The chart's name. */
  readonly chart: string;
  /** The exact chart version, as the chart spells it (cert-manager keeps its `v`). */
  readonly version: string;
}

/** Where the chart tooling keeps what it caches. */
export interface CacheDirs {
  /** The directory of extracted tools (helm and kubectl from the kubectl layer). */
  readonly tools: string;
  /** The chart cache: one `<chart>-<version>.tgz` per chart, as `helm pull` names them. */
  readonly charts: string;
}

/**
 * The cache directories, from the environment an entry point was started with.
 *
 * The chart cache is `$GOLDENPATH_CHART_CACHE`, resolved against `repoRoot` when relative (CI sets
 * `../shared/charts`); otherwise `<user cache>/goldenpath-cdk/charts`, where the user cache is
 * `$XDG_CACHE_HOME` when it is an absolute path, else `<homeDir>/.cache`. Tools always go under the
 * user cache.
 *
 * @param env the entry point's `process.env`
 * @see https://specifications.freedesktop.org/basedir-spec/latest/
 */
export function cacheDirs(
  env: Readonly<Record<string, string | undefined>>,
  repoRoot: string,
  homeDir: string,
): CacheDirs {
  const xdg = env.XDG_CACHE_HOME;
  const root = join(xdg && isAbsolute(xdg) ? xdg : join(homeDir, '.cache'), 'goldenpath-cdk');
  const charts = env[CHART_CACHE_VARIABLE];
  return {
    tools: join(root, 'tools'),
    charts: charts ? resolve(repoRoot, charts) : join(root, 'charts'),
  };
}

/** The file name `helm pull` gives a chart archive: `<chart>-<version>.tgz`. */
export function chartArchiveName(ref: Pick<ChartRef, 'chart' | 'version'>): string {
  return `${ref.chart}-${ref.version}.tgz`;
}

/**
 * The arguments of the `helm pull` that puts `ref` into `cacheDir`, with its archive named
 * {@link chartArchiveName}.
 *
 * @see https://helm.sh/docs/helm/helm_pull/
 */
export function helmPullArgs(ref: ChartRef, cacheDir: string): string[] {
  const source = ref.repo.startsWith('oci://')
    ? [`${ref.repo.replace(/\/+$/, '')}/${ref.chart}`]
    : [ref.chart, '--repo', ref.repo];
  return ['pull', ...source, '--version', ref.version, '--destination', cacheDir];
}

/** The `helm pull` command line for `ref`, to print for a person to run. */
export function helmPullCommand(ref: ChartRef, cacheDir: string, helm = 'helm'): string {
  return [helm, ...helmPullArgs(ref, cacheDir)].map(quote).join(' ');
}

/**
 * The path of `ref`'s archive in the chart cache.
 *
 * @param helm the helm executable to name in the error
 * @throws UserInputError when the archive is not in the cache, with the command that fetches it
 */
export function chartArchive(cacheDir: string, ref: ChartRef, helm = 'helm'): string {
  const archive = join(cacheDir, chartArchiveName(ref));
  if (!existsSync(archive)) {
    throw new UserInputError(`Chart ${ref.chart} ${ref.version} is not in the chart cache`, [
      `${archive} does not exist; fetch it with \`${helmPullCommand(ref, cacheDir, helm)}\` (\`npm run charts:pull\` fetches every pinned chart), or point ${CHART_CACHE_VARIABLE} at a cache that has it`,
    ]);
  }
  return archive;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
