import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ARGOCD_NAMESPACE } from '../lib/model/kubernetes';
import { VERSIONS } from '../lib/model/versions';
import { RESOURCES_FINALIZER, SYNC_RETRY } from './application';

/** The one Application the cluster stack applies; every tier Application is its child. */
export const ROOT_APPLICATION = 'goldenpath-root';

/** Props of `RootChart`. */
export interface RootChartProps {
  /**
   * What the root deploys, in any order (ArgoCD orders by sync wave): the selected apps'
   * Applications and the tiers' preflight and acceptance hooks.
   */
  readonly resources: readonly Record<string, unknown>[];
}

/**
 * The root Application (app of apps, DESIGN §3): its source is the `raw` chart carrying the tier
 * Applications and the tier hooks as values, so no Git repository is needed. ArgoCD syncs them in
 * sync-wave order and, with the `argoproj.io/Application` health check, waits for each wave's
 * Applications to be Healthy before the next; a tier's preflight Job runs in the wave before its
 * first app and its acceptance Job in the wave after its last, so a failed check stops the sync
 * there and the retry policy tries again. Automated sync prunes: an app the catalogue or maxTier
 * no longer selects is deleted, and its resources finalizer removes what it deployed.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/cluster-bootstrapping/
 */
export class RootChart extends Chart {
  public readonly manifest: IApplication;

  constructor(scope: Construct, id: string, props: RootChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { raw } = VERSIONS.charts;
    this.manifest = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: ROOT_APPLICATION,
        namespace: ARGOCD_NAMESPACE,
        labels: { 'app.kubernetes.io/part-of': 'goldenpath-idp' },
        finalizers: [RESOURCES_FINALIZER],
      },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: ARGOCD_NAMESPACE },
        source: {
          repoURL: raw.repo,
          chart: raw.chart,
          targetRevision: raw.version,
          helm: { releaseName: ROOT_APPLICATION, valuesObject: { resources: [...props.resources] } },
        },
        syncPolicy: { automated: { prune: true, selfHeal: true }, retry: SYNC_RETRY },
      },
    };
    new ApiObject(this, 'Application', this.manifest);
  }
}
