import type { IComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1ResourceIgnoreDifferences as IgnoreDifferences } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ResourceIgnoreDifferences';
import type { Construct } from 'constructs';
import type { CatalogueEntry, WorkloadIdentity } from '../lib/model/catalogue';
import type { FoundationCapability } from '../lib/model/contract';
import type { Lifecycle, PerTier, Tier } from '../lib/model/tier';
import type { AcceptanceStep } from './acceptance';
import type { TierContext } from './context';

export type { IgnoreDifferences, PerTier };

/** A secret the Foundation generates for an app (Secrets Manager, one JSON key). */
export interface GeneratedSecret {
  /** Id inside the environment: `keycloak/admin`. */
  readonly id: string;
  /** The JSON key that holds the value: `admin-password`. */
  readonly key: string;
}

/**
 * One platform app of tier `T`, complete: its catalogue entry (identity, chart, what it needs),
 * how its Application is rendered (values, objects, sync options, ignore rules) and what checks
 * it after deploy. `AppChart` renders any definition; `tiers/catalogue.ts` lists them all.
 *
 * Each tier folder defines its apps with its own helper (`tier1App`, ...), so an app's tier is
 * the tier of the folder it lives in.
 */
export interface AppDefinition<T extends Tier = Tier> extends CatalogueEntry {
  readonly tier: T;
  /**
   * Helm values of the app's chart, from the cluster's tier context (never a hand-written host).
   * @default - none beyond `objects`
   */
  readonly values?: (context: TierContext) => object;
  /**
   * Kubernetes objects the app ships with its chart, made in `scope` (a scratch cdk8s chart): the
   * `raw` chart's `resources`, any other chart's `extraObjects`.
   * @default - none
   */
  readonly objects?: (scope: Construct, context: TierContext) => void;
  /** What its tier's PostSync acceptance Job checks of this app, in order. @default - nothing */
  readonly acceptance?: readonly AcceptanceStep[];
  /** Sync options beyond `CreateNamespace=true`. @default - none */
  readonly syncOptions?: readonly string[];
  /** Fields ArgoCD ignores when it compares the app with its chart. @default - none */
  readonly ignoreDifferences?: readonly IgnoreDifferences[];
  /**
   * The secrets the Foundation generates for the app: declaring one here is all it takes for the
   * Foundation to create it, publish it in the contract and preflight-check it. @default - none
   */
  readonly generatedSecrets?: readonly GeneratedSecret[];
  /** The service account that gets a Pod Identity role. @default - none: it calls no AWS API */
  readonly workloadIdentity?: WorkloadIdentity;
}

/** What a tier needs and checks as a whole, beyond what its apps do. */
export interface TierDefinition<T extends Tier> {
  readonly tier: T;
  /** What the tier needs from the Foundation beyond its apps' `needs`. @default - nothing */
  readonly needs?: readonly FoundationCapability[];
  /** Acceptance steps of the tier as a whole, run before its apps' own. @default - none */
  readonly acceptance?: readonly AcceptanceStep[];
  /** Service accounts of the tier that get a Pod Identity role beyond its apps'. @default - none */
  readonly workloadIdentities?: readonly WorkloadIdentity[];
  /** Its apps, in sync-wave order. */
  readonly apps: readonly AppDefinition<T>[];
}

/** Every tier's definition: the compiler holds it complete (one entry per tier, apps of that tier). */
export type TierCatalogue = { readonly [T in Tier as `${T}`]: TierDefinition<T> };

/** `of(tier)` for every tier. */
export function perTier<V>(of: (tier: Tier) => V): PerTier<V> {
  return { '0': of(0), '1': of(1), '1.5': of(1.5), '2': of(2), '3': of(3) };
}

/** The lifecycles of most apps. */
export const ALL_LIFECYCLES: readonly Lifecycle[] = ['persistent', 'ephemeral'];
/** Production identity runs on persistent clusters only. */
export const PERSISTENT_ONLY: readonly Lifecycle[] = ['persistent'];

/**
 * The helper a tier folder defines its apps with: `const tier2App = appsOfTier(2)` in
 * `tiers/tier2/tier.ts`, used only by the files of that folder.
 */
export function appsOfTier<T extends Tier>(
  tier: T,
): (app: Omit<AppDefinition<T>, 'tier'>) => AppDefinition<T> {
  return (app) => ({ ...app, tier });
}
