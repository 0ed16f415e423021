import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1ApplicationSource as ApplicationSource } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSource';
import type { IComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1ResourceIgnoreDifferences as IgnoreDifferences } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ResourceIgnoreDifferences';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ARGOCD_NAMESPACE,
  WEBHOOK_CA_BUNDLE_IGNORE,
  type WebhookConfigurationKind,
} from '../lib/model/kubernetes';
import { VERSIONS } from '../lib/model/versions';
import type { AppChartProps } from './context';

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

export interface PlatformApplicationProps extends AppChartProps {
  /** Helm values of the app's chart, derived from the tier context. */
  readonly values: object;
  /** @default - none */
  readonly ignoreDifferences?: readonly IgnoreDifferences[];
  /** Sync options beyond `CreateNamespace=true`. @default - none */
  readonly syncOptions?: readonly string[];
}

/**
 * One catalogue app as an ArgoCD Application: tier label, sync wave, pinned chart, its namespace
 * created by ArgoCD, automated sync with prune and self-heal, and the resources finalizer.
 * Hook objects ride along as a second source (the `raw` chart), so they sync with the app.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/multiple_sources/
 */
export class PlatformApplication extends Construct {
  public readonly manifest: IApplication;

  constructor(scope: Construct, id: string, props: PlatformApplicationProps) {
    super(scope, id);
    const { entry } = props;
    const chart = VERSIONS.charts[entry.chart];
    const sources: ApplicationSource[] = [
      {
        repoURL: chart.repo,
        chart: chart.chart,
        targetRevision: chart.version,
        helm: { releaseName: entry.name, valuesObject: props.values },
      },
    ];
    if (props.hooks && props.hooks.length > 0) {
      sources.push({
        repoURL: VERSIONS.charts.raw.repo,
        chart: VERSIONS.charts.raw.chart,
        targetRevision: VERSIONS.charts.raw.version,
        helm: { releaseName: `${entry.name}-tier-checks`, valuesObject: { resources: props.hooks } },
      });
    }
    this.manifest = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: entry.name,
        namespace: ARGOCD_NAMESPACE,
        labels: { [TIER_LABEL]: String(entry.tier), 'app.kubernetes.io/part-of': 'goldenpath-idp' },
        annotations: { [SYNC_WAVE_ANNOTATION]: String(entry.wave) },
        finalizers: [RESOURCES_FINALIZER],
      },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: entry.namespace },
        sources,
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', ...(props.syncOptions ?? [])],
        },
        ...(props.ignoreDifferences ? { ignoreDifferences: [...props.ignoreDifferences] } : {}),
      },
    };
    new ApiObject(this, 'Resource', this.manifest);
  }
}
