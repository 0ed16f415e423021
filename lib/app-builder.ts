import type { App } from 'aws-cdk-lib';
import { type BuildId, parseBuildId } from './build-id';
import { type EnvironmentConfig, loadEnvironmentConfig } from './config';
import { UserInputError, show } from './errors';
import { FoundationStack } from './foundation-stack';
import { addNagChecks } from './nag';

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

/** What `buildGoldenpathApp` made, and notes for the person running the CLI. */
export interface GoldenpathApp {
  readonly foundation: FoundationStack;
  readonly notes: readonly string[];
}

/**
 * Adds every stack of one environment to `app`: `Foundation` always, `Persistent` always,
 * `Ephemeral` only when a build id is given.
 */
export function buildGoldenpathApp(app: App, ctx: AppContext): GoldenpathApp {
  addNagChecks(app);
  const foundation = new FoundationStack(app, 'Foundation', { config: ctx.config });
  return { foundation, notes: [] };
}
