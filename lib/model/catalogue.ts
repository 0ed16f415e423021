import type { FoundationCapability } from './contract';
import type { GeneratedSecretSpec } from './secrets';
import type { Lifecycle, PerTier, Tier } from './tier';
import { VERSIONS } from './versions';

/** A Helm chart of the versions manifest. */
export type HelmChartKey = keyof typeof VERSIONS.charts;

/** A Kubernetes service account that gets an IAM role through EKS Pod Identity. */
export interface WorkloadIdentity {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * One platform app of the tier catalogue (DESIGN §3): an ArgoCD Application. The app definitions
 * in `tiers/<tier>/` are catalogue entries; the model reads them through this interface only.
 */
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
   * tier's apps (and the tier's own needs) is what the tier needs.
   */
  readonly needs: readonly FoundationCapability[];
  /**
   * Foundation secrets (ids of `platformSecrets`) the app reads through External Secrets: each is
   * copied into the app's namespace (Secret `<id>` with `/` as `-`) ahead of the app's tier.
   */
  readonly secrets: readonly string[];
  /**
   * Foundation secrets the app's own objects hand to another namespace only, never copied into
   * its own (the SSO app merges ArgoCD's admin password hash into `argocd`; a copy in `keycloak`
   * would let whoever reads Secrets there sign in to ArgoCD). Gating and the preflight checks
   * require them from the Foundation like `secrets`.
   * @default - none
   */
  readonly deliversSecrets?: readonly string[];
  /** The cluster lifecycles the app may run on. */
  readonly lifecycles: readonly Lifecycle[];
  /** One line for the README's table. */
  readonly summary: string;
}

/** Every Foundation secret the app needs: those copied into its namespace, then those it delivers elsewhere. */
export function secretsNeededBy(entry: CatalogueEntry): readonly string[] {
  return [...entry.secrets, ...(entry.deliversSecrets ?? [])];
}

/**
 * The tier catalogue as the model reads it. The app definitions in `tiers/` are its one source:
 * `tiers/catalogue.ts` derives this view from them (`PLATFORM_CATALOGUE`), and the layers above
 * the model (the stacks, the tier manifests, the preflight CLI) hand it to every model function
 * that depends on the apps: gating, the preflight checks, the Foundation's secrets and the
 * contract keys. The model takes it as a parameter rather than keeping a copy, since it may not
 * import `tiers/` (arrows point down) and a copy would have to be held equal by a test.
 */
export interface Catalogue<E extends CatalogueEntry = CatalogueEntry> {
  /** Every app, in sync-wave order. */
  readonly apps: readonly E[];
  /**
   * What each tier needs from the Foundation: the tier's own needs and its apps'. A tier also
   * needs what lower tiers need.
   */
  readonly tierNeeds: PerTier<readonly FoundationCapability[]>;
  /** The secrets the Foundation generates for the apps, as the apps declare them. */
  readonly generatedSecrets: readonly GeneratedSecretSpec[];
}
