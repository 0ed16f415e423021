import type { App } from 'aws-cdk-lib';
import { type BuildId, parseBuildId } from '../model/build-id';
import { type EnvironmentConfig, loadEnvironmentConfig } from '../model/config';
import { UserInputError, show } from '../model/errors';
import { ClusterStack, refuseBuildIdAtDeploy } from './cluster-stack';
import { clusterDeployment } from '../model/cluster-values';
import { FoundationStack } from './foundation-stack';
import { manifestFiles } from '../model/manifest-files';
import { addNagChecks } from './nag';
import { BuildStackSynthesizer, applyBuildBoundary, refuseBuildWhereNotAllowed } from './build-identity';
import type { ClusterDeployment } from '../model/naming';
import { type TierManifests, tierManifests } from '../../tiers/manifests';
import { resolveMaxTier } from '../model/tier';

/** The CDK context the app understands, validated. */
export interface AppContext {
  readonly config: EnvironmentConfig;
  /** @default - no Ephemeral stack is synthesized */
  readonly buildId?: BuildId;
  /** Raw `-c maxTier`, resolved per cluster lifecycle. @default - the lifecycle's default */
  readonly maxTier?: unknown;
  /** Hours an ephemeral build may live before the reaper deletes it. @default 24 */
  readonly ttlHours: number;
}

export interface RawAppContext {
  readonly env?: unknown;
  readonly buildId?: unknown;
  readonly maxTier?: unknown;
  readonly ttlHours?: unknown;
}

export const DEFAULT_TTL_HOURS = 24;
export const MAX_TTL_HOURS = 168;

/** Validates the CDK context (`-c env=… -c buildId=… -c maxTier=… -c ttlHours=…`). */
export function parseAppContext(rawConfig: unknown, raw: RawAppContext): AppContext {
  const config = loadEnvironmentConfig(rawConfig, raw.env);
  const buildId = raw.buildId === undefined ? undefined : parseBuildId(raw.buildId);
  refuseBuildWhereNotAllowed(config, buildId);
  return { config, buildId, maxTier: raw.maxTier, ttlHours: parseTtlHours(raw.ttlHours) };
}

function parseTtlHours(raw: unknown): number {
  if (raw === undefined) return DEFAULT_TTL_HOURS;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TTL_HOURS) {
    throw new UserInputError('Invalid ttlHours', [
      `-c ttlHours=${typeof raw === 'string' ? raw : show(raw)}; allowed: a whole number of hours from 1 to ${MAX_TTL_HOURS}`,
    ]);
  }
  return value;
}

/** A cluster stack and the tier catalogue rendered for it. */
export interface RenderedCluster {
  readonly stack: ClusterStack;
  readonly tiers: TierManifests;
}

/** What `buildGoldenpathApp` made, and notes for the person running the CLI. */
export interface GoldenpathApp {
  readonly foundation: FoundationStack;
  readonly persistent: ClusterStack;
  /** @default - none: no build id was given */
  readonly ephemeral?: ClusterStack;
  /** Every cluster stack with its rendered tiers, for `renderedManifestFiles`. */
  readonly clusters: readonly RenderedCluster[];
  readonly notes: readonly string[];
}

/**
 * A cluster stack whose manifest resource carries the tier catalogue rendered from that
 * cluster's own bootstrap values and DNS scope (DESIGN §3, §5).
 */
function renderedCluster(
  app: App,
  id: string,
  config: EnvironmentConfig,
  deployment: ClusterDeployment,
  props: { maxTier: unknown; ttlHours?: number },
): RenderedCluster {
  let tiers: TierManifests | undefined;
  const stack = new ClusterStack(app, id, {
    config,
    deployment,
    maxTier: resolveMaxTier(deployment.kind, props.maxTier),
    ttlHours: props.ttlHours,
    synthesizer: deployment.kind === 'ephemeral' ? new BuildStackSynthesizer() : undefined,
    applications: ({ bootstrap, externalDns, contract }) => {
      const database = contract.database && {
        endpoint: contract.database.endpoint,
        port: contract.database.port,
      };
      tiers = tierManifests({ config, bootstrap, externalDns, database });
      return tiers.manifests;
    },
  });
  if (!tiers) throw new Error(`ClusterStack ${id} did not render its applications`);
  if (deployment.kind === 'ephemeral') applyBuildBoundary(stack, config);
  return { stack, tiers };
}

/**
 * The files to write into the cloud assembly next to the templates: per cluster stack, its
 * rendered manifests and gating result (`manifests/<stackName>/...`), tokens resolved to
 * CloudFormation intrinsics so two synths of one revision write the same bytes.
 */
export function renderedManifestFiles(result: GoldenpathApp): Record<string, string> {
  return Object.assign(
    {},
    ...result.clusters.map(({ stack, tiers }) =>
      manifestFiles(stack.stackName, tiers, (v) => stack.resolve(v)),
    ),
  ) as Record<string, string>;
}

/** The note printed when no build id is given (so `cdk deploy Ephemeral` shows what to do). */
export const NO_EPHEMERAL_NOTE =
  'No -c buildId given: synthesized Foundation and Persistent only. For the Ephemeral stack pass a build id, for example: npx cdk deploy Ephemeral -c buildId=pr-123';

/**
 * Adds every stack of one environment to `app`: `Foundation` always, `Persistent` always,
 * `Ephemeral` only when a build id is given.
 */
export function buildGoldenpathApp(app: App, ctx: AppContext): GoldenpathApp {
  addNagChecks(app);
  const { config, buildId } = ctx;
  const foundation = new FoundationStack(app, 'Foundation', { config });
  const persistent = renderedCluster(
    app,
    'Persistent',
    config,
    clusterDeployment(config.name, 'persistent'),
    { maxTier: ctx.maxTier },
  );
  if (buildId === undefined) {
    return { foundation, persistent: persistent.stack, clusters: [persistent], notes: [NO_EPHEMERAL_NOTE] };
  }
  // One synth makes every stack; the CLI deploys the one named, so the refusal is at deploy time.
  refuseBuildIdAtDeploy(foundation, buildId);
  refuseBuildIdAtDeploy(persistent.stack, buildId);
  const ephemeral = renderedCluster(
    app,
    'Ephemeral',
    config,
    clusterDeployment(config.name, 'ephemeral', buildId),
    {
      maxTier: ctx.maxTier,
      ttlHours: ctx.ttlHours,
    },
  );
  return {
    foundation,
    persistent: persistent.stack,
    ephemeral: ephemeral.stack,
    clusters: [persistent, ephemeral],
    notes: [],
  };
}
