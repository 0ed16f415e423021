import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { type AppContext, parseAppContext, type RawAppContext } from '../lib/model/app-context';
import { buildGoldenpathApp } from '../lib/stacks/app-builder';
import type { EnvironmentConfig, EnvironmentName } from '../lib/model/config';
import { UserInputError } from '../lib/model/errors';

/** The committed `config/environments.json`, parsed afresh for each caller (safe to mutate). */
export function rawConfig(): {
  defaults: Record<string, unknown>;
  environments: Record<string, Record<string, unknown>>;
} {
  return JSON.parse(readFileSync(join(__dirname, '..', 'config', 'environments.json'), 'utf8')) as ReturnType<
    typeof rawConfig
  >;
}

/** The validated context for `env` (and optional build id, maxTier, ttlHours). */
export function testContext(raw: RawAppContext = {}, config: unknown = rawConfig()): AppContext {
  return parseAppContext(config, raw);
}

/** The validated config of one committed environment. */
export function envConfig(env: EnvironmentName = 'dev'): EnvironmentConfig {
  return testContext({ env }).config;
}

/** The feature flags and settings of `cdk.json`, so tests synthesize what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  return (
    JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')) as {
      context: Record<string, unknown>;
    }
  ).context;
}

/**
 * A fresh app with every stack of one environment, with cdk.json's feature flags. What only the
 * cloud assembly on disk holds is skipped, because these tests read the templates and the
 * construct tree and each of these would make each synth take longer: Lambda bundling, copying
 * assets into the output directory (their hashes, and so the templates, stay the same), and the
 * stack trace of every construct's metadata. `runApp` (test/support/app.ts) synthesizes as the
 * CLI does, with all of them.
 */
export function testApp(): App {
  return new App({
    builtinCloudFormationValidation: false,
    stackTraces: false,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true },
  });
}

/** `testApp()` with every stack of one environment built into it. */
export function buildTestApp(raw: RawAppContext = {}, config: unknown = rawConfig()) {
  const app = testApp();
  return { app, ...buildGoldenpathApp(app, testContext(raw, config)) };
}

/** The message of the `UserInputError` that `fn` throws (any other outcome fails the test). */
export function userInputMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserInputError) return e.message;
    throw e;
  }
  throw new Error('expected a UserInputError');
}
