import type { Catalogue, WorkloadIdentity } from '../lib/model/catalogue';
import { FOUNDATION_CAPABILITIES, type FoundationCapability } from '../lib/model/contract';
import type { GeneratedSecretSpec } from '../lib/model/secrets';
import { TIERS } from '../lib/model/tier';
import { acceptanceOf } from './acceptance';
import { type AppDefinition, type PerTier, type TierCatalogue, perTier } from './definition';
import { TIER_0 } from './tier0/tier';
import { awsLoadBalancerController } from './tier1/aws-load-balancer-controller';
import { certManager } from './tier1/cert-manager';
import { clusterAutoscaler } from './tier1/cluster-autoscaler';
import { clusterIssuers } from './tier1/cluster-issuers';
import { clusterSecretStore } from './tier1/cluster-secret-store';
import { externalDns } from './tier1/external-dns';
import { externalSecrets } from './tier1/external-secrets';
import { kong } from './tier1/kong';
import { metricsServer } from './tier1/metrics-server';
import { TIER_1 } from './tier1/tier';
import { kubePrometheusStack } from './tier1-5/kube-prometheus-stack';
import { backstage } from './tier2/backstage';
import { grafanaPostgresql } from './tier2/grafana-postgresql';
import { loki } from './tier2/loki';
import { keycloak } from './tier3/keycloak';
import { oidcConfig } from './tier3/oidc-config';

/**
 * The tier catalogue (DESIGN §3): every tier and its apps, in sync-wave order. Adding an app is
 * its file in `tiers/<tier>/` plus its name here, in its tier's list: the type holds one entry per
 * tier and only apps of that tier in it.
 */
export const TIER_CATALOGUE: TierCatalogue = {
  '0': TIER_0,
  '1': {
    ...TIER_1,
    apps: [
      externalSecrets,
      clusterSecretStore,
      externalDns,
      awsLoadBalancerController,
      certManager,
      clusterIssuers,
      kong,
      clusterAutoscaler,
      metricsServer,
    ],
  },
  '1.5': { tier: 1.5, apps: [kubePrometheusStack] },
  '2': { tier: 2, apps: [backstage, loki, grafanaPostgresql] },
  '3': { tier: 3, apps: [keycloak, oidcConfig] },
};

/** Every app of `catalogue`, tier by tier, in sync-wave order. */
export function appsOf(catalogue: TierCatalogue): readonly AppDefinition[] {
  return TIERS.flatMap((t): readonly AppDefinition[] => catalogue[`${t}`].apps);
}

/** Acceptance of each tier: its own steps, then its apps' (the PostSync Job of its last app). */
export const ACCEPTANCE = acceptanceOf(TIER_CATALOGUE);

/**
 * What each tier needs from the Foundation: its own needs and its apps', in the order of
 * `FOUNDATION_CAPABILITIES`. A tier also needs what lower tiers need.
 */
export function tierCapabilitiesOf(catalogue: TierCatalogue): PerTier<readonly FoundationCapability[]> {
  return perTier((tier) => {
    const { needs = [], apps } = catalogue[`${tier}`];
    const all = new Set([...needs, ...apps.flatMap((app) => app.needs)]);
    return FOUNDATION_CAPABILITIES.filter((c) => all.has(c));
  });
}

/** The secrets the Foundation generates for the apps of `catalogue`, in catalogue order (`platformSecrets` sorts them). */
export function generatedSecretsOf(catalogue: TierCatalogue): GeneratedSecretSpec[] {
  return appsOf(catalogue).flatMap((app) =>
    (app.generatedSecrets ?? []).map((s) => ({ id: s.id, app: app.name, key: s.key })),
  );
}

/** Every service account of `catalogue` that gets a Pod Identity role: the tiers' own, then the apps'. */
export function workloadIdentitiesOf(catalogue: TierCatalogue): WorkloadIdentity[] {
  return TIERS.flatMap((t) => {
    const { workloadIdentities = [], apps } = catalogue[`${t}`];
    return [
      ...workloadIdentities,
      ...apps.flatMap((app) => (app.workloadIdentity ? [app.workloadIdentity] : [])),
    ];
  });
}

/**
 * The catalogue as the model reads it (`Catalogue`), derived from the app definitions alone: the
 * apps `gate` selects from, what each tier needs from the Foundation, and the secrets the
 * Foundation generates. The stacks, the tier manifests and the preflight CLI hand it to the model.
 */
export function catalogueOf(catalogue: TierCatalogue): Catalogue<AppDefinition> {
  return {
    apps: appsOf(catalogue),
    tierNeeds: tierCapabilitiesOf(catalogue),
    generatedSecrets: generatedSecretsOf(catalogue),
  };
}

/** The platform's catalogue as the model reads it. */
export const PLATFORM_CATALOGUE: Catalogue<AppDefinition> = catalogueOf(TIER_CATALOGUE);

/** Every app, in sync-wave order: the apps `gate` selects from. */
export const CATALOGUE: readonly AppDefinition[] = PLATFORM_CATALOGUE.apps;
