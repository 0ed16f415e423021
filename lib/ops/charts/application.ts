import { parse } from 'yaml';
import { UserInputError, show } from '../../model/errors';
import type { KubeObject } from './kube-object';
import { renderChart, type ChartRenderContext, type RenderChartOptions } from './render';

/** What the cluster tells ArgoCD's repo server when it renders an Application. */
export interface ApplicationRenderOptions {
  /**
   * `.Capabilities.KubeVersion`, unless the source sets `helm.kubeVersion`.
   *
   * @default VERSIONS.kubernetes
   */
  readonly kubeVersion?: string;
  /**
   * `.Capabilities.APIVersions` beyond the built-in ones, unless the source sets
   * `helm.apiVersions`: the groups/versions the cluster's CRDs serve.
   *
   * @default []
   */
  readonly apiVersions?: readonly string[];
}

/** The `helm` fields of a source that map onto `helm template` (see {@link renderApplication}). */
const SUPPORTED_HELM_FIELDS = [
  'releaseName',
  'valuesObject',
  'values',
  'namespace',
  'kubeVersion',
  'apiVersions',
  'skipCrds',
  'skipTests',
  'passCredentials',
];

type Fields = Readonly<Record<string, unknown>>;

/**
 * Renders what an ArgoCD Application deploys: each of its Helm sources (`spec.source`, or every
 * entry of `spec.sources`) rendered from the chart cache as ArgoCD's repo server would, and the
 * objects concatenated in source order.
 *
 * For each source: chart `chart` at `targetRevision` (the repository is `repoURL`); release name
 * `helm.releaseName`, else the Application's name; namespace `helm.namespace`, else
 * `spec.destination.namespace`; values `helm.valuesObject`, else `helm.values` parsed as YAML;
 * CRDs included unless `helm.skipCrds`; tests included unless `helm.skipTests`.
 *
 * @throws UserInputError listing every source that is not a Helm chart source or uses a field
 *   that `helm template` here cannot honour (`valueFiles`, `parameters`, `fileParameters`, …)
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/helm/
 */
export function renderApplication(
  context: ChartRenderContext,
  application: KubeObject,
  options: ApplicationRenderOptions = {},
): KubeObject[] {
  return applicationCharts(application, options).flatMap((chart) => renderChart(context, chart));
}

/**
 * The `helm template` runs an Application stands for, one per Helm source (see
 * {@link renderApplication}), without running them.
 *
 * @throws UserInputError as {@link renderApplication}
 */
export function applicationCharts(
  application: KubeObject,
  options: ApplicationRenderOptions = {},
): RenderChartOptions[] {
  const name = application.metadata?.name ?? '(no name)';
  const spec = fields(application.spec);
  const sources: unknown[] = Array.isArray(spec.sources) ? spec.sources : spec.source ? [spec.source] : [];
  const destinationNamespace = fields(spec.destination).namespace;
  const problems: string[] = [];
  if (application.kind !== 'Application' || !application.apiVersion.startsWith('argoproj.io/')) {
    problems.push(
      `kind ${show(`${application.apiVersion} ${application.kind}`)}: allowed: argoproj.io/v1alpha1 Application`,
    );
  }
  if (sources.length === 0)
    problems.push('spec.source / spec.sources: no source; allowed: one or more Helm chart sources');
  const charts = sources.flatMap((raw, i): RenderChartOptions[] => {
    const where = Array.isArray(spec.sources) ? `spec.sources[${i}]` : 'spec.source';
    const source = fields(raw);
    const helm = fields(source.helm);
    const before = problems.length;
    for (const key of ['repoURL', 'chart', 'targetRevision']) {
      if (typeof source[key] !== 'string' || source[key] === '') {
        problems.push(
          `${where}.${key}: ${show(source[key])}; a Helm chart source needs repoURL, chart and an exact targetRevision`,
        );
      }
    }
    const unsupported = Object.keys(helm).filter((k) => !SUPPORTED_HELM_FIELDS.includes(k));
    if (unsupported.length > 0) {
      problems.push(
        `${where}.helm: ${unsupported.join(', ')} not supported; allowed: ${SUPPORTED_HELM_FIELDS.join(', ')}`,
      );
    }
    const namespace = helm.namespace ?? destinationNamespace;
    if (typeof namespace !== 'string' || namespace === '') {
      const received = namespace === undefined ? '' : ` (received ${show(namespace)})`;
      problems.push(`${where}: no namespace${received}; set spec.destination.namespace or helm.namespace`);
    }
    if (problems.length > before) return [];
    return [
      {
        repo: source.repoURL as string,
        chart: source.chart as string,
        version: source.targetRevision as string,
        releaseName:
          typeof helm.releaseName === 'string' && helm.releaseName !== '' ? helm.releaseName : name,
        namespace: namespace as string,
        values: valuesOf(helm, `${where}.helm`, problems),
        kubeVersion: (helm.kubeVersion as string | undefined) ?? options.kubeVersion,
        apiVersions: (helm.apiVersions as string[] | undefined) ?? options.apiVersions,
        includeCrds: helm.skipCrds !== true,
        skipTests: helm.skipTests === true,
      },
    ];
  });
  if (problems.length > 0) throw new UserInputError(`Cannot render Application ${name}`, problems);
  return charts;
}

function valuesOf(helm: Fields, where: string, problems: string[]): Fields {
  if (helm.valuesObject !== undefined) {
    if (isMapping(helm.valuesObject)) return helm.valuesObject;
    problems.push(`${where}.valuesObject: ${show(helm.valuesObject)}; allowed: a mapping`);
  } else if (helm.values !== undefined) {
    const parsed: unknown = typeof helm.values === 'string' ? parse(helm.values) : helm.values;
    if (parsed === null || isMapping(parsed)) return parsed ?? {};
    problems.push(`${where}.values: ${show(helm.values)}; allowed: a YAML mapping as a string`);
  }
  return {};
}

function isMapping(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fields(value: unknown): Fields {
  return isMapping(value) ? value : {};
}
