import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, parseDocument, type Tags } from 'yaml';
import { VERSIONS } from '../../model/versions';
import { chartArchive, type ChartRef } from './chart-cache';
import { isKubeObject, type KubeObject } from './kube-object';
import { cachedDocuments as cachedParses, cachedRender } from './render-cache';

/** The helm executable and the chart cache a render uses. */
export interface ChartRenderContext {
  /** The helm (v4) executable, e.g. {@link layerTools}' `helm`. */
  readonly helm: string;
  /** The chart cache directory (see `cacheDirs`). */
  readonly chartCache: string;
  /**
   * A directory where renders are kept and read back, keyed by everything that decides them (see
   * {@link cachedRender}): for tests, which render the same charts with the same values many times.
   *
   * @default - every call runs helm
   */
  readonly renderCache?: string;
}

/** One `helm template` of a cached chart. */
export interface RenderChartOptions extends ChartRef {
  /** The Helm release name. */
  readonly releaseName: string;
  /** The namespace the release goes into (`--namespace`). */
  readonly namespace: string;
  /**
   * The chart values, passed to helm as a values file.
   *
   * @default {}
   */
  readonly values?: Readonly<Record<string, unknown>>;
  /**
   * The Kubernetes version the chart sees as `.Capabilities.KubeVersion` (`--kube-version`).
   *
   * @default VERSIONS.kubernetes
   */
  readonly kubeVersion?: string;
  /**
   * Extra API versions the chart sees in `.Capabilities.APIVersions` (`--api-versions`), such as
   * `monitoring.coreos.com/v1` when another chart installs the Prometheus operator's CRDs.
   *
   * @default []
   */
  readonly apiVersions?: readonly string[];
  /**
   * Whether the chart's `crds/` folder is rendered too (`--include-crds`), as ArgoCD does unless
   * `helm.skipCrds` is set.
   *
   * @default true
   */
  readonly includeCrds?: boolean;
  /**
   * Whether the chart's test hooks are left out (`--skip-tests`).
   *
   * @default false
   */
  readonly skipTests?: boolean;
}

/** `helm template` failed or printed something that is not Kubernetes objects. */
export class HelmTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelmTemplateError';
  }
}

/** Generous for the largest chart (kube-prometheus-stack renders in seconds). */
const HELM_TIMEOUT_MS = 120_000;

/**
 * Renders a cached chart with `helm template`, offline, and parses what it prints.
 *
 * Helm runs with its config, cache and data directories in a fresh temporary directory and with
 * no other environment (but a Go GC setting), so the user's repositories, plugins and kubeconfig
 * play no part and the same input gives the same output (except where a chart itself draws random
 * values: `genCA`, `randAlphaNum`).
 *
 * @throws UserInputError when the chart is not in the cache (with the command that fetches it)
 * @throws HelmTemplateError when helm fails, naming the chart and quoting helm's error
 * @see https://helm.sh/docs/helm/helm_template/
 */
export function renderChart(context: ChartRenderContext, options: RenderChartOptions): KubeObject[] {
  const archive = chartArchive(context.chartCache, options, context.helm);
  const values = JSON.stringify(options.values ?? {});
  const cache = context.renderCache;
  if (cache === undefined) return runHelmTemplate(context.helm, archive, values, options);
  const key = { helm: context.helm, archive, values, args: templateArgs('<chart>', '<values>', options) };
  return cachedRender(cache, key, () => runHelmTemplate(context.helm, archive, values, options, cache));
}

/** The arguments of `helm template` (see {@link RenderChartOptions}). */
function templateArgs(archive: string, valuesFile: string, options: RenderChartOptions): string[] {
  return [
    'template',
    options.releaseName,
    archive,
    '--namespace',
    options.namespace,
    '--values',
    valuesFile,
    '--kube-version',
    options.kubeVersion ?? VERSIONS.kubernetes,
    ...(options.apiVersions ?? []).flatMap((v) => ['--api-versions', v]),
    ...(options.includeCrds === false ? [] : ['--include-crds']),
    ...(options.skipTests ? ['--skip-tests'] : []),
  ];
}

function runHelmTemplate(
  helm: string,
  archive: string,
  values: string,
  options: RenderChartOptions,
  documentCache?: string,
): KubeObject[] {
  const label = `${options.chart} ${options.version}`;
  const work = mkdtempSync(join(tmpdir(), 'goldenpath-helm-'));
  try {
    const valuesFile = join(work, 'values.json');
    writeFileSync(valuesFile, values);
    const run = spawnSync(helm, templateArgs(archive, valuesFile, options), {
      cwd: work,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      timeout: HELM_TIMEOUT_MS,
      env: {
        HOME: work,
        HELM_CACHE_HOME: join(work, 'cache'),
        HELM_CONFIG_HOME: join(work, 'config'),
        HELM_DATA_HOME: join(work, 'data'),
        // helm template lives for a fraction of a second: collecting garbage four times less often
        // saves a seventh of its CPU time, and its heap stays small.
        GOGC: '400',
      },
    });
    if (run.error) throw new HelmTemplateError(`helm template ${label}: ${run.error.message}`);
    if (run.status !== 0) {
      throw new HelmTemplateError(`helm template ${label} failed (exit ${run.status}): ${run.stderr.trim()}`);
    }
    return parseManifests(run.stdout, label, documentCache);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Parses a multi-document YAML stream of Kubernetes objects the way Kubernetes reads it (YAML 1.1
 * scalars such as `0644` and `on`, but timestamps and `1:20` kept as strings), dropping empty
 * documents and unpacking lists (`kind: List`) into their items as ArgoCD's repo server does.
 *
 * @param label names the stream in errors
 * @param documentCache a directory where parsed documents are kept and read back (see
 *   {@link cachedParses})
 * @throws HelmTemplateError when a document is not valid YAML or not a Kubernetes object
 * @see https://github.com/argoproj/argo-cd/blob/master/reposerver/repository/repository.go (GenerateManifests)
 */
export function parseManifests(text: string, label: string, documentCache?: string): KubeObject[] {
  const documents =
    (documentCache === undefined ? undefined : cachedDocuments(text, documentCache)) ?? parseStream(text);
  return documents.flatMap((doc, i) => {
    if ('error' in doc) {
      throw new HelmTemplateError(`${label}: document ${i} is not valid YAML: ${doc.error}`);
    }
    const { value } = doc;
    if (value === null || value === undefined) return [];
    // ArgoCD's repo server unpacks any object with an `items` array (`kind: List`), as kubectl does.
    const objects: unknown[] = isKubeObject(value) && Array.isArray(value.items) ? value.items : [value];
    return objects.map((object) => {
      if (!isKubeObject(object)) {
        throw new HelmTemplateError(
          `${label}: document ${i} is not a Kubernetes object (apiVersion and kind are required)`,
        );
      }
      return object;
    });
  });
}

type ParsedDocument = { readonly value: unknown } | { readonly error: string };

const PARSE_OPTIONS = { version: '1.1', customTags: kubernetesTags } as const;

/** Each document of the stream: its value, or its first error. */
function parseStream(text: string): ParsedDocument[] {
  const documents = parseAllDocuments(text, PARSE_OPTIONS);
  if (!Array.isArray(documents)) return [];
  return documents.map((doc): ParsedDocument => {
    if (doc.errors.length > 0) return { error: doc.errors[0].message };
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    return { value };
  });
}

/** A line that starts a document (`---` alone or before content): never inside one (YAML 1.2 §9.1.4). */
const DOCUMENT_START = /^---(?=[ \t\r]|$)/m;

/**
 * The documents of the stream, each parsed on its own and kept in `dir`; undefined when the stream
 * is not plainly a sequence of documents each led by `---` (directives, `...` markers, content
 * before the first `---`) or a document has an error, which {@link parseStream} then reports.
 * A document's anchors, aliases and tags are its own, so it parses alone as it does in the stream.
 */
function cachedDocuments(text: string, dir: string): ParsedDocument[] | undefined {
  if (/^(%|\.\.\.(?=[ \t\r]|$))/m.test(text)) return undefined;
  const starts = [...text.matchAll(new RegExp(DOCUMENT_START, 'gm'))].map((m) => m.index);
  if (starts.length === 0) return undefined;
  // Comments before the first `---` belong to the first document: they change no value.
  const preamble = text.slice(0, starts[0]).split('\n');
  if (!preamble.every((line) => /^\s*(#.*)?$/.test(line))) return undefined;
  const sources = starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length));
  let failed = false;
  const values = cachedParses(dir, sources, (source) => {
    if (failed) return undefined;
    const doc = parseDocument(source, PARSE_OPTIONS);
    failed = doc.errors.length > 0;
    return failed ? undefined : doc.toJS({ maxAliasCount: -1 });
  });
  return failed ? undefined : values.map((value) => ({ value }));
}

/** YAML 1.1 as go-yaml v2 reads it into untyped values: no timestamps, no base-60 numbers. */
function kubernetesTags(tags: Tags): Tags {
  return tags.filter((t) =>
    typeof t === 'string'
      ? !['timestamp', 'intTime', 'floatTime'].includes(t)
      : !t.tag.endsWith(':timestamp') && t.format !== 'TIME',
  );
}
