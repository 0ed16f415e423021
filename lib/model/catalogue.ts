import type { FoundationCapability } from './contract';
import type { Lifecycle, Tier } from './tier';
import { VERSIONS } from './versions';

/** A Helm chart of the versions manifest. */
export type HelmChartKey = keyof typeof VERSIONS.charts;

/** One platform app of the tier catalogue (DESIGN §3): an ArgoCD Application. */
export interface CatalogueEntry {
  /** Application name, also the Helm release name. */
  readonly name: string;
  readonly tier: Tier;
  /** `argocd.argoproj.io/sync-wave` of the Application. */
  readonly wave: number;
  /** Destination namespace, created by ArgoCD (`CreateNamespace=true`). */
  readonly namespace: string;
  /** The chart in `VERSIONS.charts` ArgoCD installs. */
  readonly chart: HelmChartKey;
  /**
   * What this app needs from the Foundation beyond what lower tiers need; the union over a
   * tier's apps is that tier's `TIER_CAPABILITIES`.
   */
  readonly needs: readonly FoundationCapability[];
  /** Foundation secrets (ids of `platformSecrets`) the app reads through External Secrets. */
  readonly secrets: readonly string[];
  /** The cluster lifecycles the app may run on. */
  readonly lifecycles: readonly Lifecycle[];
  /** One line for the README's table. */
  readonly summary: string;
}

const ALL: readonly Lifecycle[] = ['persistent', 'ephemeral'];
const PERSISTENT: readonly Lifecycle[] = ['persistent'];

/**
 * The tier catalogue, in sync-wave order. Adding an app is one entry here plus its chart file
 * in `tiers/` (registered in `tiers/charts.ts`, which the compiler holds complete).
 */
export const CATALOGUE = [
  {
    name: 'external-secrets',
    tier: 1,
    wave: 10,
    namespace: 'external-secrets',
    chart: 'externalSecrets',
    needs: ['iam'],
    secrets: [],
    lifecycles: ALL,
    summary: 'External Secrets Operator (Pod Identity, reads `goldenpath/<env>/*`)',
  },
  {
    name: 'cluster-secret-store',
    tier: 1,
    wave: 11,
    namespace: 'external-secrets',
    chart: 'raw',
    needs: ['iam'],
    secrets: [],
    lifecycles: ALL,
    summary: 'ClusterSecretStore `aws-secretsmanager` and every selected app’s ExternalSecrets',
  },
  {
    name: 'external-dns',
    tier: 1,
    wave: 20,
    namespace: 'external-dns',
    chart: 'externalDns',
    needs: ['zone', 'iam'],
    secrets: [],
    lifecycles: ALL,
    summary: 'ExternalDNS scoped to the host suffix and the Foundation zone',
  },
  {
    name: 'aws-load-balancer-controller',
    tier: 1,
    wave: 22,
    namespace: 'kube-system',
    chart: 'awsLoadBalancerController',
    needs: ['iam'],
    secrets: [],
    lifecycles: ALL,
    summary: 'AWS Load Balancer Controller (NLB for kong)',
  },
  {
    name: 'cert-manager',
    tier: 1,
    wave: 24,
    namespace: 'cert-manager',
    chart: 'certManager',
    needs: [],
    secrets: [],
    lifecycles: ALL,
    summary: 'cert-manager with its CRDs',
  },
  {
    name: 'cluster-issuers',
    tier: 1,
    wave: 25,
    namespace: 'cert-manager',
    chart: 'raw',
    needs: [],
    secrets: [],
    lifecycles: ALL,
    summary: 'ClusterIssuers `selfsigned`, `letsencrypt-staging`, `letsencrypt-prod` (HTTP-01 via kong)',
  },
  {
    name: 'kong',
    tier: 1,
    wave: 30,
    namespace: 'kong',
    chart: 'kong',
    needs: [],
    secrets: [],
    lifecycles: ALL,
    summary: 'Kong ingress controller, DB-less, proxy on an internet-facing NLB',
  },
  {
    name: 'cluster-autoscaler',
    tier: 1,
    wave: 40,
    namespace: 'kube-system',
    chart: 'clusterAutoscaler',
    needs: ['iam'],
    secrets: [],
    lifecycles: ALL,
    summary: 'Cluster Autoscaler, auto-discovering the cluster’s node groups',
  },
  {
    name: 'metrics-server',
    tier: 1,
    wave: 41,
    namespace: 'kube-system',
    chart: 'metricsServer',
    needs: [],
    secrets: [],
    lifecycles: ALL,
    summary: 'metrics-server',
  },
  {
    name: 'kube-prometheus-stack',
    tier: 1.5,
    wave: 50,
    namespace: 'monitoring',
    chart: 'kubePrometheusStack',
    needs: [],
    secrets: [],
    lifecycles: ALL,
    summary: 'Prometheus (7-day retention on a PV), Alertmanager, Grafana on SQLite',
  },
  {
    name: 'backstage',
    tier: 2,
    wave: 100,
    namespace: 'backstage',
    chart: 'backstage',
    needs: ['database', 'appSecrets'],
    secrets: ['backstage/postgres', 'backstage/secrets'],
    lifecycles: ALL,
    summary: 'Backstage on the platform database',
  },
  {
    name: 'loki',
    tier: 2,
    wave: 101,
    namespace: 'loki',
    chart: 'loki',
    needs: ['logBucket'],
    secrets: [],
    lifecycles: ALL,
    summary: 'Loki storing in the Foundation’s log bucket',
  },
  {
    name: 'grafana-postgresql',
    tier: 2,
    wave: 102,
    namespace: 'grafana',
    chart: 'grafana',
    needs: ['database', 'appSecrets'],
    secrets: ['grafana/postgres'],
    lifecycles: ALL,
    summary: 'Grafana on the platform database',
  },
  {
    name: 'keycloak',
    tier: 3,
    wave: 200,
    namespace: 'keycloak',
    chart: 'keycloakx',
    needs: ['database', 'appSecrets'],
    secrets: ['keycloak/admin', 'keycloak/postgres'],
    lifecycles: PERSISTENT,
    summary: 'Keycloak on the platform database',
  },
  {
    name: 'oidc-config',
    tier: 3,
    wave: 201,
    namespace: 'keycloak',
    chart: 'raw',
    needs: [],
    secrets: ['keycloak/admin'],
    lifecycles: PERSISTENT,
    summary: 'Realm `goldenpath` applied by keycloak-config-cli',
  },
] as const satisfies readonly CatalogueEntry[];

/** The name of an app of the catalogue. */
export type AppName = (typeof CATALOGUE)[number]['name'];

/** The catalogue entry named `name`. */
export function catalogueEntry(name: AppName): CatalogueEntry {
  return CATALOGUE.find((e) => e.name === name)!;
}
