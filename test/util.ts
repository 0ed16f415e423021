import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
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
 * assets into the output directory (their hashes, and so the templates, stay the same), the
 * stack traces of every construct's metadata and of every CloudFormation element's creation (the
 * manifest's `aws:cdk:creationStack`, a quarter of a build's time under jest), and tree.json (the
 * construct tree, which these tests read in memory). `runApp` (test/support/app.ts) synthesizes as
 * the CLI does, with all of them.
 */
export function testApp(): App {
  return new App({
    builtinCloudFormationValidation: false,
    stackTraces: false,
    treeMetadata: false,
    context: {
      ...cdkJsonContext(),
      'aws:cdk:bundling-stacks': [],
      'aws:cdk:disable-asset-staging': true,
      'aws:cdk:disable-creation-stack-traces': true,
    },
  });
}

/** `testApp()` with every stack of one environment built into it. */
export function buildTestApp(raw: RawAppContext = {}, config: unknown = rawConfig()) {
  const app = testApp();
  return { app, ...buildGoldenpathApp(app, testContext(raw, config)) };
}

const shared = new Map<string, ReturnType<typeof buildTestApp>>();

/**
 * `buildTestApp(raw)` from the committed config, built once per jest file and shared by every
 * caller whose `raw` resolves to the same clusters (`{ buildId: 'pr-1' }` is dev's
 * `{ env: 'dev', buildId: 'pr-1' }`): building and synthesizing an app is most of these tests'
 * time, and the tests of test/committed-apps.test.ts share one build of each. Only for tests that
 * read it (templates through `templateOf`, warnings through `annotationsOf`, the construct tree);
 * a test that changes the config or adds to the app builds its own.
 */
export function sharedTestApp(raw: RawAppContext = {}): ReturnType<typeof buildTestApp> {
  const { persistent, ephemeral } = testContext(raw);
  const key = JSON.stringify({ persistent, ephemeral });
  let built = shared.get(key);
  if (!built) {
    built = buildTestApp(raw);
    shared.set(key, built);
  }
  return built;
}

/** `make(stack)`, made once per stack and kept while the stack lives. */
function oncePerStack<T>(make: (stack: Stack) => T): (stack: Stack) => T {
  const made = new WeakMap<Stack, T>();
  return (stack) => {
    if (!made.has(stack)) made.set(stack, make(stack));
    return made.get(stack)!;
  };
}

/**
 * `Template.fromStack(stack)`, made once per stack: each one checks the whole template for
 * dependency cycles. The app is synthesized once (the first call) and stacks read from that.
 */
export const templateOf: (stack: Stack) => Template = oncePerStack((stack) => Template.fromStack(stack));

/** `Annotations.fromStack(stack)`, made once per stack: each one synthesizes the whole app again. */
export const annotationsOf: (stack: Stack) => Annotations = oncePerStack((stack) =>
  Annotations.fromStack(stack),
);

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
