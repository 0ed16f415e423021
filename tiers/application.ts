import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1ApplicationSource as ApplicationSource } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSource';
import { ApiObject, App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  ARGOCD_NAMESPACE,
  WEBHOOK_CA_BUNDLE_IGNORE,
  type WebhookConfigurationKind,
} from '../lib/model/kubernetes';
import { VERSIONS } from '../lib/model/versions';
import type { TierContext } from './context';
import type { AppDefinition, IgnoreDifferences } from './definition';

/** Label that carries an Application's tier; the admission policy reads it. */
export const TIER_LABEL = 'goldenpath.idp/tier';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
/** Deleting the Application deletes what it deployed (load balancers, DNS records): teardown relies on it. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** `WEBHOOK_CA_BUNDLE_IGNORE` for the webhook configurations of one app, as `ignoreDifferences`. */
export function webhookCaBundleDifferences(kinds: readonly WebhookConfigurationKind[]): IgnoreDifferences[] {
  return kinds.map((kind) => ({
    group: WEBHOOK_CA_BUNDLE_IGNORE.group,
    kind,
    jqPathExpressions: [...WEBHOOK_CA_BUNDLE_IGNORE.jqPathExpressions],
  }));
}

/** Props of `AppChart`. */
export interface AppChartProps {
  /** The app to render. */
  readonly app: AppDefinition;
  readonly context: TierContext;
  /**
   * Extra objects ArgoCD applies with the app (the tier's PreSync and PostSync hook Jobs).
   * @default - none
   */
  readonly hooks?: readonly Record<string, unknown>[];
}

/**
 * The objects an app ships with its chart, as plain manifests: `app.objects` made in a scratch
 * chart of their own (so their ids never meet another app's).
 */
export function appObjects(app: AppDefinition, context: TierContext): Record<string, unknown>[] {
  if (!app.objects) return [];
  const scratch = new Chart(new App({ outdir: 'cdk8s.out' }), app.name, { disableResourceNameHashes: true });
  app.objects(scratch, context);
  return scratch.toJson() as Record<string, unknown>[];
}

/** The Helm values of an app: its `values`, and its `objects` where its chart takes them. */
export function appValues(app: AppDefinition, context: TierContext): object {
  const values = app.values?.(context) ?? {};
  const objects = appObjects(app, context);
  if (objects.length === 0) return values;
  // bedag/raw renders `resources`; the other charts' extra-manifest value is `extraObjects`.
  return { ...values, [app.chart === 'raw' ? 'resources' : 'extraObjects']: objects };
}

/**
 * Any catalogue app as an ArgoCD Application: tier label, sync wave, pinned chart with the app's
 * values, its namespace created by ArgoCD, automated sync with prune and self-heal, and the
 * resources finalizer. Hook objects ride along as a second source (the `raw` chart), so they sync
 * with the app.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/multiple_sources/
 */
export class AppChart extends Chart {
  public readonly manifest: IApplication;

  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { app } = props;
    const chart = VERSIONS.charts[app.chart];
    const sources: ApplicationSource[] = [
      {
        repoURL: chart.repo,
        chart: chart.chart,
        targetRevision: chart.version,
        helm: { releaseName: app.name, valuesObject: appValues(app, props.context) },
      },
    ];
    if (props.hooks && props.hooks.length > 0) {
      sources.push({
        repoURL: VERSIONS.charts.raw.repo,
        chart: VERSIONS.charts.raw.chart,
        targetRevision: VERSIONS.charts.raw.version,
        helm: { releaseName: `${app.name}-tier-checks`, valuesObject: { resources: props.hooks } },
      });
    }
    this.manifest = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: app.name,
        namespace: ARGOCD_NAMESPACE,
        labels: { [TIER_LABEL]: String(app.tier), 'app.kubernetes.io/part-of': 'goldenpath-idp' },
        annotations: { [SYNC_WAVE_ANNOTATION]: String(app.wave) },
        finalizers: [RESOURCES_FINALIZER],
      },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: app.namespace },
        sources,
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', ...(app.syncOptions ?? [])],
        },
        ...(app.ignoreDifferences ? { ignoreDifferences: [...app.ignoreDifferences] } : {}),
      },
    };
    new ApiObject(this, 'Application', this.manifest);
  }
}
