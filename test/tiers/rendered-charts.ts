import { renderApplication } from '../../lib/ops/charts/application';
import type { KubeObject } from '../../lib/ops/charts/kube-object';
import type { ObjectSet } from '../../lib/ops/charts/validate';
import { HIGHEST_MAX_TIER, type Lifecycle } from '../../lib/model/tier';
import { VERSIONS } from '../../lib/model/versions';
import { CATALOGUE } from '../../tiers/catalogue';
import { chartTestContext, describeWithCharts } from '../lib/ops/charts/fixtures';
import { renderTiers } from './fixture';

/** Every chart the catalogue pins (the `describe` of a chart test skips, naming them, when one is not cached). */
export const CATALOGUE_CHARTS = [
  ...new Map(CATALOGUE.map((e) => [e.chart, VERSIONS.charts[e.chart]])).values(),
  VERSIONS.charts.raw,
];

/** `describe` for tests that render the catalogue's charts (see `describeWithCharts`). */
export const describeWithCatalogueCharts = describeWithCharts(CATALOGUE_CHARTS);

const rendered = new Map<Lifecycle, ObjectSet[]>();

/**
 * What ArgoCD would deploy on a cluster of `lifecycle` at its highest maxTier: every Application
 * the tier manifests hold, rendered with `helm template` from the chart cache with exactly the
 * values the project renders, one set per Application (named after it). Rendered once per file.
 */
export function renderedCluster(lifecycle: Lifecycle): readonly ObjectSet[] {
  if (!rendered.has(lifecycle)) {
    const context = chartTestContext();
    const { apps } = renderTiers(lifecycle, HIGHEST_MAX_TIER[lifecycle]);
    rendered.set(
      lifecycle,
      Object.entries(apps).map(([name, objects]) => ({
        source: name,
        objects: objects.flatMap((o) => renderApplication(context, o as unknown as KubeObject)),
      })),
    );
  }
  return rendered.get(lifecycle)!;
}

/** The objects app `name` deploys on a cluster of `lifecycle` (see {@link renderedCluster}). */
export function renderedApp(lifecycle: Lifecycle, name: string): readonly KubeObject[] {
  const set = renderedCluster(lifecycle).find((s) => s.source === name);
  if (!set) throw new Error(`app ${name} is not selected on a ${lifecycle} cluster`);
  return set.objects;
}
