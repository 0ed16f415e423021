import type { BootstrapValues } from '../lib/model/bootstrap';
import { VERSIONS } from '../lib/model/versions';
import { GENERATED_PASSWORD_KEY } from './generated-password';
import type { CatalogueEntry } from '../lib/model/catalogue';
import type { ExternalDnsSettings } from '../lib/model/dns-scope';

/** The platform database as cluster Jobs reach it (contract values, deploy-time tokens). */
export interface DatabaseEndpoint {
  readonly endpoint: string;
  readonly port: string;
}

/** Everything a tier chart derives its Helm values from; nothing is hand-written. */
export interface TierContext {
  readonly bootstrap: BootstrapValues;
  /** From `dnsScope()`: the one source of ExternalDNS's flags. */
  readonly externalDns: ExternalDnsSettings;
  /** Secrets Manager name of each Foundation secret id the apps read, `goldenpath/<env>/<id>`. */
  readonly secretNames: { readonly [secretId: string]: string };
  /** The apps the gating selected, in wave order (apps render only what is selected). */
  readonly selected: readonly CatalogueEntry[];
  /** @default - no platform database (tiers 2 and 3 cannot be selected) */
  readonly database?: DatabaseEndpoint;
}

/** `<service>.<hostSuffix>`: the one way a hostname is made (DESIGN §5). */
export function host(context: TierContext, service: string): string {
  return `${service}.${context.bootstrap.hostSuffix}`;
}

/** The ClusterSecretStore every ExternalSecret reads through (DESIGN §7). */
export const CLUSTER_SECRET_STORE = 'aws-secretsmanager';

/** The Kubernetes Secret an ExternalSecret makes of Foundation secret `id`: `backstage/postgres` -> `backstage-postgres`. */
export function kubernetesSecretName(secretId: string): string {
  return secretId.replace(/\//g, '-');
}

/** ClusterIssuers made by `cluster-issuers` (DESIGN: ACME HTTP-01 through kong). */
export const CLUSTER_ISSUERS = ['selfsigned', 'letsencrypt-staging', 'letsencrypt-prod'] as const;
export type ClusterIssuerName = (typeof CLUSTER_ISSUERS)[number];

/** The issuer of a cluster's certificates: builds use staging (rate limits), persistent clusters prod. */
export function clusterIssuer(context: TierContext): ClusterIssuerName {
  return context.bootstrap.mode === 'ephemeral' ? 'letsencrypt-staging' : 'letsencrypt-prod';
}

/** Annotations of every Ingress a tier chart makes. */
export function ingressAnnotations(context: TierContext): Record<string, string> {
  return { 'cert-manager.io/cluster-issuer': clusterIssuer(context) };
}

/** Whether the gating selected the app `name`. */
export function isSelected(context: TierContext, name: string): boolean {
  return context.selected.some((e) => e.name === name);
}

/** One of the project's own images: its registry, repository and pinned tag. */
export interface PlatformImage {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
}

/**
 * The project's image `name` (`VERSIONS.platformImages`), from the environment's ECR repository
 * of that name (`goldenpath/<env>/<name>`, made by the Foundation from config `ecrRepositories`).
 */
export function platformImage(
  context: TierContext,
  name: keyof typeof VERSIONS.platformImages,
): PlatformImage {
  const { account, region, env } = context.bootstrap;
  return {
    registry: `${account}.dkr.ecr.${region}.amazonaws.com`,
    repository: `goldenpath/${env}/${name}`,
    tag: VERSIONS.platformImages[name],
  };
}

/** The Secret holding a Grafana's generated admin password (see `generatedPassword`). */
export const GRAFANA_ADMIN_SECRET = 'grafana-admin';

/** Where a Grafana reads its admin password: a Secret in its namespace and the key in it. */
export interface GrafanaAdminSecret {
  readonly name: string;
  readonly key: string;
}

/**
 * Grafana chart values that take the admin password from `secret` (by default Secret
 * `grafana-admin`, generated in the cluster by External Secrets), never the chart's default. The
 * user name is not secret: `admin`.
 *
 * @see https://github.com/grafana-community/helm-charts/tree/main/charts/grafana
 */
export function grafanaAdminValues(
  secret: GrafanaAdminSecret = { name: GRAFANA_ADMIN_SECRET, key: GENERATED_PASSWORD_KEY },
): {
  readonly admin: { readonly existingSecret: string; readonly passwordKey: string };
  readonly env: { readonly GF_SECURITY_ADMIN_USER: 'admin' };
} {
  return {
    admin: { existingSecret: secret.name, passwordKey: secret.key },
    env: { GF_SECURITY_ADMIN_USER: 'admin' },
  };
}
