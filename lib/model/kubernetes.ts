/**
 * Kubernetes names the cluster stack (ArgoCD's install) and the tier catalogue share, each
 * defined once here.
 */

/** Namespace ArgoCD runs in and watches for Applications; the bootstrap ConfigMap lives there too. */
export const ARGOCD_NAMESPACE = 'argocd';

/** The ingress class kong serves (tier 1); ArgoCD's server, cert-manager's HTTP-01 solver and every Ingress use it. */
export const INGRESS_CLASS = 'kong';

/** The admission webhook configuration kinds whose CA bundle is filled after sync. */
export type WebhookConfigurationKind = 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration';

/**
 * The ignore rule for webhook CA bundles: charts (or cert-manager's cainjector) fill
 * `caBundle` after sync, so without it the owning Application would never be in sync. ArgoCD's
 * own resource customizations and the tier Applications' `ignoreDifferences` both read it.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/
 */
export const WEBHOOK_CA_BUNDLE_IGNORE = {
  group: 'admissionregistration.k8s.io',
  kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
  jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
} as const satisfies {
  readonly group: string;
  readonly kinds: readonly WebhookConfigurationKind[];
  readonly jqPathExpressions: readonly string[];
};
