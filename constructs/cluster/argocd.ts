import { Duration, aws_eks_v2 as eks } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ARGOCD_NAMESPACE, INGRESS_CLASS, WEBHOOK_CA_BUNDLE_IGNORE } from '../../lib/model/kubernetes';
import { OIDC_CLIENTS, OIDC_CLIENT_SECRET_KEY, REALM, SSO_GROUPS, issuerUrl } from '../../lib/model/sso';
import { VERSIONS } from '../../lib/model/versions';

/**
 * ArgoCD's health check for `argoproj.io/Application`, as the ArgoCD docs give it. Without it an
 * Application is healthy as soon as it exists, so sync waves between Applications hold nothing
 * (the load balancer controller's webhook would not be ready before kong's Service).
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#argocd-app
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs
`;

/** cert-manager and the load balancer controller rewrite their webhooks' CA bundles at runtime. */
const IGNORE_CA_BUNDLE = [
  'jqPathExpressions:',
  ...WEBHOOK_CA_BUNDLE_IGNORE.jqPathExpressions.map((p) => `- '${p}'`),
  '',
].join('\n');

/** The ClusterIssuers tier 1 makes (`tiers/tier1/cluster-issuers.ts`). */
export type ArgoCdClusterIssuer = 'selfsigned' | 'letsencrypt-staging' | 'letsencrypt-prod';

export interface ArgoCdProps {
  readonly cluster: eks.ICluster;
  /** ArgoCD's server is at `argocd.<hostSuffix>`. */
  readonly hostSuffix: string;
  /**
   * The cert-manager ClusterIssuer of the server's certificate (tier 1's `cluster-issuers`); builds
   * should pass `letsencrypt-staging` (Let's Encrypt rate limits).
   * @default 'letsencrypt-prod'
   */
  readonly clusterIssuer?: ArgoCdClusterIssuer;
  /**
   * Kubernetes objects applied once ArgoCD is ready, in one manifest resource: the default
   * StorageClass, the bootstrap ConfigMap, the tier Applications.
   */
  readonly objects: readonly Record<string, unknown>[];
  /**
   * How long Helm waits for ArgoCD; well under the kubectl handler's 15-minute limit, so a stuck
   * install fails the deploy with Helm's message instead of a Lambda timeout.
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;
  /**
   * Sign-in through the Keycloak realm (tier 3): OIDC with the realm's `argocd` client and RBAC
   * from the realm's groups. Only where tier 3 runs: elsewhere nothing refers to Keycloak.
   * @default false - the local `admin` account only
   */
  readonly sso?: boolean;
}

/**
 * The Secret in namespace `argocd` that holds the `argocd` client's secret: External Secrets makes
 * it from `goldenpath/<env>/oidc/argocd` (`tiers/tier3/oidc-config.ts`), labelled
 * `app.kubernetes.io/part-of: argocd` so that ArgoCD resolves `$<secret>:<key>` from it.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/#sensitive-data-and-sso-client-secrets
 */
export const ARGOCD_OIDC_SECRET = OIDC_CLIENTS.argocd.secretId.replace(/\//g, '-');

/**
 * ArgoCD's RBAC for the realm's groups: admins administer, editors may also sync, viewers read.
 * Anyone else signed in gets nothing (`policy.default` empty); the local `admin` stays admin.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/rbac/
 */
export const ARGOCD_RBAC_POLICY = [
  `g, ${SSO_GROUPS.admins}, role:admin`,
  'p, role:platform-editor, applications, sync, */*, allow',
  'g, role:platform-editor, role:readonly',
  `g, ${SSO_GROUPS.editors}, role:platform-editor`,
  `g, ${SSO_GROUPS.viewers}, role:readonly`,
  '',
].join('\n');

/**
 * argocd-cm's `oidc.config` and argocd-rbac-cm for the realm at `keycloak.<hostSuffix>`. The client
 * secret is a reference that ArgoCD resolves from {@link ARGOCD_OIDC_SECRET}, never a value.
 */
function ssoValues(hostSuffix: string): { cm: Record<string, string>; rbac: Record<string, string> } {
  const oidc = {
    name: `Keycloak (${REALM})`,
    issuer: issuerUrl(hostSuffix),
    clientID: OIDC_CLIENTS.argocd.clientId,
    clientSecret: `$${ARGOCD_OIDC_SECRET}:${OIDC_CLIENT_SECRET_KEY}`,
    // Keycloak has no `groups` scope; the client's group mapper puts the claim in every ID token.
    requestedScopes: ['openid', 'profile', 'email'],
    requestedIDTokenClaims: { groups: { essential: true } },
  };
  return {
    cm: { 'oidc.config': stringify(oidc) },
    rbac: { 'policy.default': '', 'policy.csv': ARGOCD_RBAC_POLICY, scopes: '[groups]' },
  };
}

/**
 * The argo-cd chart's values for a cluster whose hosts end in `hostSuffix`. The UI and API are
 * served over TLS only: cert-manager issues `argocd-server-tls` from `clusterIssuer`, kong
 * terminates TLS and redirects plain HTTP. No admin password is set here: ArgoCD generates one
 * at first start into `argocd/argocd-initial-admin-secret` (the server does, whenever
 * `argocd-secret` has no `admin.password`; the chart has no setting to stop it). When `sso` adds
 * sign-in through the Keycloak realm, the `admin` account stays as break-glass and tier 3's
 * `oidc-config` sets its password from `goldenpath/<env>/argocd/admin` (External Secrets merges
 * the hash into `argocd-secret`), so the initial secret no longer holds it there.
 */
export function argoCdValues(
  hostSuffix: string,
  clusterIssuer: ArgoCdClusterIssuer = 'letsencrypt-prod',
  sso = false,
): Record<string, unknown> {
  const domain = `argocd.${hostSuffix}`;
  const oidc = sso ? ssoValues(hostSuffix) : undefined;
  return {
    global: { domain },
    configs: {
      // TLS ends at kong's proxy; the server behind it, inside the cluster, speaks plain HTTP.
      params: { 'server.insecure': true },
      cm: {
        'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
        ...Object.fromEntries(
          WEBHOOK_CA_BUNDLE_IGNORE.kinds.map((kind) => [
            `resource.customizations.ignoreDifferences.${WEBHOOK_CA_BUNDLE_IGNORE.group}_${kind}`,
            IGNORE_CA_BUNDLE,
          ]),
        ),
        ...oidc?.cm,
      },
      ...(oidc && { rbac: oidc.rbac }),
    },
    server: {
      ingress: {
        enabled: true,
        ingressClassName: INGRESS_CLASS,
        hostname: domain,
        tls: true,
        annotations: {
          'cert-manager.io/cluster-issuer': clusterIssuer,
          'konghq.com/protocols': 'https',
          'konghq.com/https-redirect-status-code': '308',
        },
      },
    },
    // Sign-in is Keycloak's (tier 3) through oidc.config; dex would be a second identity provider.
    dex: { enabled: false },
  };
}

/**
 * ArgoCD, installed by CDK with Helm (tier 1), and one manifest resource after it that hands
 * ArgoCD the cluster's bootstrap values and Applications. Exactly two custom resources: the
 * Ephemeral stack's budget has no room for more in series (README "Template budget").
 *
 * @see https://github.com/argoproj/argo-helm/tree/main/charts/argo-cd
 */
export class ArgoCd extends Construct {
  public readonly chart: eks.HelmChart;
  public readonly bootstrap: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: ArgoCdProps) {
    super(scope, id);
    const { argoCd } = VERSIONS.charts;
    this.chart = new eks.HelmChart(this, 'Chart', {
      cluster: props.cluster,
      repository: argoCd.repo,
      chart: argoCd.chart,
      version: argoCd.version,
      release: 'argocd',
      namespace: ARGOCD_NAMESPACE,
      createNamespace: true,
      values: argoCdValues(props.hostSuffix, props.clusterIssuer, props.sso),
      wait: true,
      atomic: true,
      timeout: props.timeout ?? Duration.minutes(10),
    });
    this.bootstrap = new eks.KubernetesManifest(this, 'Bootstrap', {
      cluster: props.cluster,
      // aws-eks-v2 writes its prune label into each object's metadata; copy down to the labels so
      // the caller's objects (shared between stacks) stay as they were.
      manifest: props.objects.map(copyMetadata),
      // Removing an Application from the catalogue deletes it (and ArgoCD then its resources).
      prune: true,
    });
    this.bootstrap.node.addDependency(this.chart);
  }
}

function copyMetadata(o: Record<string, unknown>): Record<string, unknown> {
  const metadata = (o.metadata ?? {}) as Record<string, unknown>;
  const labels = (metadata.labels ?? {}) as Record<string, unknown>;
  return { ...o, metadata: { ...metadata, labels: { ...labels } } };
}
