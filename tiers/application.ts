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

/**
 * How ArgoCD retries a failed sync: long enough for a cold cluster (a controller's webhook, a CRD
 * from an earlier wave, a load balancer or a node still coming up), about 40 minutes in all.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/#automatic-retry
 */
export const SYNC_RETRY = {
  limit: 10,
  backoff: { duration: '30s', factor: 2, maxDuration: '5m' },
} as const;

/** Props of `AppChart`. */
export interface AppChartProps {
  /** The app to render. */
  readonly app: AppDefinition;
  readonly context: TierContext;
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

/** The value a chart renders extra manifests from, where it is not `extraObjects`. */
const EXTRA_OBJECTS_VALUE: Partial<Record<keyof typeof VERSIONS.charts, string>> = {
  raw: 'resources',
  kubePrometheusStack: 'extraManifests',
  backstage: 'extraDeploy',
};

/** The Helm values of an app: its `values`, and its `objects` where its chart takes them. */
export function appValues(app: AppDefinition, context: TierContext): object {
  const values = app.values?.(context) ?? {};
  const objects = appObjects(app, context);
  if (objects.length === 0) return values;
  return { ...values, [EXTRA_OBJECTS_VALUE[app.chart] ?? 'extraObjects']: objects };
}

/**
 * Any catalogue app as an ArgoCD Application: tier label, sync wave, pinned chart with the app's
 * values, its namespace created by ArgoCD, automated sync with prune, self-heal and the retry
 * policy, and the resources finalizer. The root Application (`RootChart`) carries it.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/helm/
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
          retry: SYNC_RETRY,
        },
        ...(app.ignoreDifferences ? { ignoreDifferences: [...app.ignoreDifferences] } : {}),
      },
    };
    new ApiObject(this, 'Application', this.manifest);
  }
}
