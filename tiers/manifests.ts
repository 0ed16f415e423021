import { App } from 'cdk8s';
import type { BootstrapValues } from '../lib/model/bootstrap';
import type { CatalogueEntry } from '../lib/model/catalogue';
import { allChecks } from '../lib/model/checks';
import type { EnvironmentConfig } from '../lib/model/config';
import type { ExternalDnsSettings } from '../lib/model/dns-scope';
import type { GatingResult } from '../lib/model/gating';
import { platformSecrets } from '../lib/model/secrets';
import { TIERS } from '../lib/model/tier';
import { acceptanceHook } from './acceptance';
import { AppChart } from './application';
import { ACCEPTANCE, CATALOGUE } from './catalogue';
import type { AppDefinition } from './definition';
import type { DatabaseEndpoint, TierContext } from './context';
import { GuardChart } from './guard';
import { tierHookManifests } from './hooks';
import { preflightHook } from './preflight';

export interface TierManifestsInput {
  readonly config: EnvironmentConfig;
  readonly bootstrap: BootstrapValues;
  /** `dnsScope(...).externalDns`. */
  readonly externalDns: ExternalDnsSettings;
  /** @default - none; tier 2's PreSync database check is then left out */
  readonly database?: DatabaseEndpoint;
  /** What `gate` selected from `CATALOGUE` for this cluster. */
  readonly gating: GatingResult<AppDefinition>;
}

/** What the cluster stack applies, grouped for the rendered files. */
export interface TierManifests {
  /** Every object, guard first, then the Applications in wave order. */
  readonly manifests: Record<string, unknown>[];
  /** The objects of each selected app (its Application), by app name, in wave order. */
  readonly apps: { readonly [name: string]: Record<string, unknown>[] };
  /** The ValidatingAdmissionPolicies and bindings. */
  readonly guard: Record<string, unknown>[];
  readonly gating: GatingResult;
}

/**
 * The tier catalogue of one cluster as plain Kubernetes objects (DESIGN §3): renders each app the
 * gating selected as its Application with its hooks (the tier's PreSync preflight on its
 * first app, the PostSync acceptance on its last) and the admission guard. String values may be
 * CDK tokens; the manifest resource resolves them at deploy time.
 */
export function tierManifests(input: TierManifestsInput): TierManifests {
  const { config, bootstrap, gating } = input;
  const context: TierContext = {
    bootstrap,
    externalDns: input.externalDns,
    secretNames: Object.fromEntries(platformSecrets(config).map((s) => [s.id, s.name])),
    selected: gating.selected,
    database: input.database,
  };
  const checks = allChecks(config, CATALOGUE);
  const hooks = new Map<string, Record<string, unknown>[]>();
  const addHooks = (entry: CatalogueEntry, objects: Record<string, unknown>[]) =>
    hooks.set(entry.name, [...(hooks.get(entry.name) ?? []), ...objects]);
  for (const tier of TIERS) {
    const apps = gating.selected.filter((e) => e.tier === tier);
    if (apps.length === 0) continue;
    const first = apps[0];
    const last = apps[apps.length - 1];
    const pre = preflightHook(tier, checks, first.namespace, context);
    if (pre) addHooks(first, tierHookManifests(pre));
    const post = acceptanceHook(tier, last.namespace, ACCEPTANCE[`${tier}`]);
    if (post) addHooks(last, tierHookManifests(post));
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
      hooks: hooks.get(definition.name),
    }).toJson() as Record<string, unknown>[];
  }
  return { manifests: [...guard, ...Object.values(apps).flat()], apps, guard, gating };
}
