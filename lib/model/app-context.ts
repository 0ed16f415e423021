import { type BuildId, parseBuildId } from './build-id';
import {
  type EnvironmentConfig,
  type EnvironmentName,
  loadEnvironmentConfig,
  parseEnvironmentName,
} from './config';
import { UserInputError, show } from './errors';
import { type Tier, resolveMaxTier } from './tier';

/** The environment's long-lived cluster, as the context resolved it. */
export interface PersistentClusterSpec {
  readonly env: EnvironmentName;
  readonly kind: 'persistent';
  /** `-c maxTier`, checked against the lifecycle. @default 3 */
  readonly maxTier: Tier;
}

/** One build's throw-away cluster, as the context resolved it. */
export interface EphemeralClusterSpec {
  readonly env: EnvironmentName;
  readonly kind: 'ephemeral';
  readonly buildId: BuildId;
  /** `-c maxTier`, checked against the lifecycle. @default 1.5 */
  readonly maxTier: Tier;
  /** Hours the build may live before the reaper deletes it (its `TtlHours` tag). @default 24 */
  readonly ttlHours: number;
}

/**
 * Which cluster a cluster stack is, and everything the context decided for it. A `ClusterSpec`
 * is a `ClusterDeployment` (the naming helpers take it as one); `ttlHours` exists only on a build.
 */
export type ClusterSpec = PersistentClusterSpec | EphemeralClusterSpec;

/** The CDK context the app understands, validated and resolved once (`bin/app.ts`). */
export interface AppContext {
  readonly config: EnvironmentConfig;
  readonly persistent: PersistentClusterSpec;
  /** @default - none: no `-c buildId`, so no Ephemeral stack is synthesized */
  readonly ephemeral?: EphemeralClusterSpec;
}

/** The context values as the CDK gives them (strings from `-c`, anything from cdk.json). */
export interface RawAppContext {
  readonly env?: unknown;
  readonly buildId?: unknown;
  readonly maxTier?: unknown;
  readonly ttlHours?: unknown;
}

export const DEFAULT_TTL_HOURS = 24;
export const MAX_TTL_HOURS = 168;

/**
 * Validates the CDK context (`-c env=… -c buildId=… -c maxTier=… -c ttlHours=…`) and the config
 * file, and resolves `maxTier` for each lifecycle. Every bad context value is reported in one
 * error, each naming the key, the value received and what is allowed; then the config file is
 * validated (its own error, one line per bad key).
 *
 * @param rawConfig the parsed `config/environments.json`
 * @throws UserInputError
 */
export function parseAppContext(rawConfig: unknown, raw: RawAppContext): AppContext {
  const errors: UserInputError[] = [];
  const check = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      errors.push(err);
      return undefined;
    }
  };
  const env = check(() => parseEnvironmentName(raw.env));
  const buildId = raw.buildId === undefined ? undefined : check(() => parseBuildId(raw.buildId));
  const persistentMaxTier = check(() => resolveMaxTier('persistent', raw.maxTier));
  const ephemeralMaxTier =
    raw.buildId === undefined ? undefined : check(() => resolveMaxTier('ephemeral', raw.maxTier, buildId));
  const ttlHours = check(() => parseTtlHours(raw.ttlHours, raw.buildId !== undefined));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new UserInputError(
      'Invalid CDK context',
      errors.flatMap((e) => e.problems),
    );
  }

  const config = loadEnvironmentConfig(rawConfig, env);
  const persistent: PersistentClusterSpec = {
    env: config.name,
    kind: 'persistent',
    maxTier: persistentMaxTier!,
  };
  if (buildId === undefined) return { config, persistent };
  refuseBuildWhereNotAllowed(config, buildId);
  return {
    config,
    persistent,
    ephemeral: {
      env: config.name,
      kind: 'ephemeral',
      buildId,
      maxTier: ephemeralMaxTier!,
      ttlHours: ttlHours!,
    },
  };
}

/** `-c ttlHours=<h>`: a build's only; `undefined` takes the default. */
function parseTtlHours(raw: unknown, hasBuild: boolean): number {
  if (raw === undefined) return DEFAULT_TTL_HOURS;
  const given = typeof raw === 'string' ? raw : show(raw);
  if (!hasBuild) {
    throw new UserInputError('Invalid ttlHours', [
      `-c ttlHours=${given}: only an Ephemeral build has a TTL; pass -c buildId=<id> with it, or leave it out`,
    ]);
  }
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TTL_HOURS) {
    throw new UserInputError('Invalid ttlHours', [
      `-c ttlHours=${given}; allowed: a whole number of hours from 1 to ${MAX_TTL_HOURS}`,
    ]);
  }
  return value;
}

/**
 * Refuses a build id in an environment whose config does not allow builds (DESIGN §9a): staging
 * and prod have no build role, no build bootstrap and no build boundary.
 */
export function refuseBuildWhereNotAllowed(config: EnvironmentConfig, buildId: string | undefined): void {
  if (buildId === undefined || config.allowBuilds) return;
  throw new UserInputError('Builds are not allowed in this environment', [
    `-c buildId=${buildId} with -c env=${config.name}: environments.${config.name}.allowBuilds is false; run builds in an environment that allows them (dev, test by default), or synthesize ${config.name} without -c buildId`,
  ]);
}
