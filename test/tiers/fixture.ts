import type { BootstrapValues } from '../../lib/model/bootstrap';
import { parseBuildId } from '../../lib/model/build-id';
import type { EnvironmentConfig } from '../../lib/model/config';
import { foundationCapabilities } from '../../lib/model/contract';
import { dnsScope } from '../../lib/model/dns-scope';
import { gate } from '../../lib/model/gating';
import type { ClusterDeployment } from '../../lib/model/naming';
import { platformSecrets } from '../../lib/model/secrets';
import type { Lifecycle, Tier } from '../../lib/model/tier';
import { VERSIONS } from '../../lib/model/versions';
import { PLATFORM_CATALOGUE } from '../../tiers/catalogue';
import type { TierContext } from '../../tiers/context';
import { type AppDefinition, appsOfTier } from '../../tiers/definition';
import { type TierManifestsInput, tierManifests } from '../../tiers/manifests';
import { envConfig } from '../util';

/** A rendered Kubernetes object. */
export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The build id every tier snapshot renders. */
export const BUILD_ID = 'pr-123';

/**
 * The dev environment's config with `grafana` in its per-app databases, so every tier can be
 * selected (tier 2's Grafana on PostgreSQL reads `goldenpath/<env>/grafana/postgres`).
 */
export function tierConfig(): EnvironmentConfig {
  const config = envConfig('dev');
  const apps = config.database!.apps;
  if (apps.some((a) => a.app === 'grafana')) return config;
  return {
    ...config,
    database: {
      ...config.database!,
      apps: [...apps, { app: 'grafana', databaseName: 'grafana', roleName: 'grafana', createDb: false }],
    },
  };
}

/** Fixed, literal tier inputs for one lifecycle and maxTier (no tokens, so snapshots read plainly). */
export function tierInput(
  lifecycle: Lifecycle,
  maxTier: Tier,
  config: EnvironmentConfig = tierConfig(),
): TierManifestsInput {
  const deployment: ClusterDeployment =
    lifecycle === 'ephemeral'
      ? { env: config.name, kind: 'ephemeral', buildId: parseBuildId(BUILD_ID) }
      : { env: config.name, kind: 'persistent' };
  const scope = dnsScope({
    deployment,
    baseDomain: config.baseDomain,
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  });
  const bootstrap: BootstrapValues = {
    mode: lifecycle,
    maxTier,
    env: config.name,
    buildId: lifecycle === 'ephemeral' ? BUILD_ID : undefined,
    hostSuffix: scope.hostSuffix,
    dnsOwnerId: scope.externalDns.txtOwnerId,
    account: config.account,
    region: config.region,
    clusterName: lifecycle === 'ephemeral' ? `goldenpath-dev-b-${BUILD_ID}` : 'goldenpath-dev-persistent',
    vpcId: 'vpc-0123456789abcdef0',
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    hostedZoneName: scope.zoneName,
    logBucketName: `goldenpath-dev-foundation-logs-${config.account}`,
    capabilities: foundationCapabilities(config),
  };
  const gating = gate(PLATFORM_CATALOGUE, {
    lifecycle,
    maxTier,
    foundation: {
      env: config.name,
      capabilities: bootstrap.capabilities,
      secretIds: platformSecrets(config, PLATFORM_CATALOGUE).map((s) => s.id),
    },
  });
  return {
    config,
    bootstrap,
    gating,
    externalDns: scope.externalDns,
    database: { endpoint: 'goldenpath-dev.abcdefghijkl.eu-west-2.rds.amazonaws.com', port: '5432' },
  };
}

const rendered = new Map<string, ReturnType<typeof tierManifests>>();

/** `tierManifests` of `tierInput(...)`, rendered once per test file (treat it as read-only). */
export function renderTiers(lifecycle: Lifecycle, maxTier: Tier): ReturnType<typeof tierManifests> {
  const key = `${lifecycle}/${maxTier}`;
  if (!rendered.has(key)) rendered.set(key, tierManifests(tierInput(lifecycle, maxTier)));
  return rendered.get(key)!;
}

/** A tier context of `tierInput(...)` with nothing selected and no secrets, for rendering one app alone. */
export function bareContext(lifecycle: Lifecycle, maxTier: Tier): TierContext {
  const input = tierInput(lifecycle, maxTier);
  return { bootstrap: input.bootstrap, externalDns: input.externalDns, secretNames: {}, selected: [] };
}

/** The one object an app renders (its Application), from the whole catalogue of `renderTiers`. */
export function renderedApplication(lifecycle: Lifecycle, maxTier: Tier, name: string): Obj {
  const objects = renderTiers(lifecycle, maxTier).apps[name] as Obj[];
  expect(objects).toHaveLength(1);
  return objects[0];
}

/** The Helm values of a rendered Application's chart. */
export function helmValues(application: Obj): Obj {
  return application.spec.sources[0].helm.valuesObject as Obj;
}

/** Asserts what every Application carries: tier label, sync wave, pinned chart, namespace. */
export function expectApplicationOf(application: Obj, app: AppDefinition): void {
  const chart = VERSIONS.charts[app.chart];
  expect(application.metadata.labels['goldenpath.idp/tier']).toBe(String(app.tier));
  expect(application.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(String(app.wave));
  expect(application.spec.sources[0]).toMatchObject({ chart: chart.chart, targetRevision: chart.version });
  expect(application.spec.destination.namespace).toBe(app.namespace);
}

/** An app of `tier` with only what every app has, named `demo`; tests add the rest. */
export function demoApp<T extends Tier>(
  tier: T,
  extra: Partial<Omit<AppDefinition<T>, 'tier'>> = {},
): AppDefinition<T> {
  return appsOfTier(tier)({
    name: 'demo',
    wave: 7,
    namespace: 'demo-ns',
    chart: 'metricsServer',
    needs: [],
    secrets: [],
    lifecycles: ['persistent', 'ephemeral'],
    summary: 'demo',
    ...extra,
  });
}
