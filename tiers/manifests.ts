import { App } from 'cdk8s';
import type { BootstrapValues } from '../lib/model/bootstrap';
import { allChecks } from '../lib/model/checks';
import type { EnvironmentConfig } from '../lib/model/config';
import type { ExternalDnsSettings } from '../lib/model/dns-scope';
import type { GatingResult } from '../lib/model/gating';
import { ARGOCD_NAMESPACE } from '../lib/model/kubernetes';
import { platformSecrets } from '../lib/model/secrets';
import { TIERS } from '../lib/model/tier';
import { acceptanceHook } from './acceptance';
import { AppChart } from './application';
import { ACCEPTANCE, PLATFORM_CATALOGUE } from './catalogue';
import type { AppDefinition } from './definition';
import type { DatabaseEndpoint, TierContext } from './context';
import { GuardChart } from './guard';
import { tierHookManifests } from './hooks';
import { preflightHook } from './preflight';
import { RootChart } from './root';

export interface TierManifestsInput {
  readonly config: EnvironmentConfig;
  readonly bootstrap: BootstrapValues;
  /** `dnsScope(...).externalDns`. */
  readonly externalDns: ExternalDnsSettings;
  /** @default - none; tier 2's preflight database check is then left out */
  readonly database?: DatabaseEndpoint;
  /** What `gate` selected from `PLATFORM_CATALOGUE` for this cluster. */
  readonly gating: GatingResult<AppDefinition>;
}

/** What the cluster stack applies, grouped for the rendered files. */
export interface TierManifests {
  /** What the cluster stack applies: the guard, then the root Application. */
  readonly manifests: Record<string, unknown>[];
  /** The root Application, whose source carries every selected app's Application and the tier hooks. */
  readonly root: Record<string, unknown>;
  /** The objects of each selected app (its Application), by app name, in wave order. */
  readonly apps: { readonly [name: string]: Record<string, unknown>[] };
  /** The tier hooks (preflight and acceptance Jobs with their RBAC), as the root carries them. */
  readonly hooks: Record<string, unknown>[];
  /** The ValidatingAdmissionPolicies and bindings. */
  readonly guard: Record<string, unknown>[];
  readonly gating: GatingResult;
}

/**
 * The tier catalogue of one cluster as plain Kubernetes objects (DESIGN §3): renders each app the
 * gating selected as its Application, the tier hooks (each tier's preflight in the wave before
 * its first app, its acceptance in the wave after its last), the root Application that carries
 * them all, and the admission guard. String values may be CDK tokens; the manifest resource
 * resolves them at deploy time. The gating is the plan's (`planCluster` gates before rendering).
 */
export function tierManifests(input: TierManifestsInput): TierManifests {
  const { config, bootstrap, gating } = input;
  const context: TierContext = {
    bootstrap,
    externalDns: input.externalDns,
    secretNames: Object.fromEntries(platformSecrets(config, PLATFORM_CATALOGUE).map((s) => [s.id, s.name])),
    selected: gating.selected,
    database: input.database,
  };
  const checks = allChecks(config, PLATFORM_CATALOGUE);
  const hooks: Record<string, unknown>[] = [];
  for (const tier of TIERS) {
    const apps = gating.selected.filter((e) => e.tier === tier);
    if (apps.length === 0) continue;
    const pre = preflightHook(tier, apps[0].wave - 1, checks, ARGOCD_NAMESPACE, context);
    if (pre) hooks.push(...tierHookManifests(pre));
    const last = apps[apps.length - 1];
    const post = acceptanceHook(tier, last.wave + 1, ARGOCD_NAMESPACE, ACCEPTANCE[`${tier}`]);
    if (post) hooks.push(...tierHookManifests(post));
  }

  const app = new App({ outdir: 'cdk8s.out' });
  const guard = new GuardChart(app, 'guard', {
    hostSuffix: bootstrap.hostSuffix,
    maxTier: bootstrap.maxTier,
  }).toJson() as Record<string, unknown>[];
  const apps: Record<string, Record<string, unknown>[]> = {};
  for (const definition of gating.selected) {
    apps[definition.name] = new AppChart(app, definition.name, {
      app: definition,
      context,
    }).toJson() as Record<string, unknown>[];
  }
  const [root] = new RootChart(app, 'root', {
    resources: [...Object.values(apps).flat(), ...hooks],
  }).toJson() as Record<string, unknown>[];
  return { manifests: [...guard, root], root, apps, hooks, guard, gating };
}
