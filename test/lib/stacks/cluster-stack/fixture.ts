import type { Template } from 'aws-cdk-lib/assertions';
import type { EnvironmentName } from '../../../../lib/model/config';
import { buildTestApp, rawConfig, templateOf } from '../../../util';

/** A template resource, typed for property access. */
export interface CfnResource {
  readonly Properties: Record<string, unknown>;
  readonly DependsOn?: string[];
}

/** The resources of one type, typed for property access. */
export function resources(t: Template, type: string): [string, CfnResource][] {
  return Object.entries(t.findResources(type) as Record<string, CfnResource>);
}

type Built = ReturnType<typeof buildTestApp>;
const built = new Map<string, Built>();

/**
 * One synthesized app per environment and build id, per test file (templates are only read, never
 * changed). `buildId: null` synthesizes without a build.
 */
export function app(env: EnvironmentName = 'dev', buildId: string | null = 'pr-123'): Built {
  const key = `${env}/${buildId}`;
  if (!built.has(key))
    built.set(key, buildTestApp({ env, buildId: buildId ?? undefined }, buildsAllowed(env)));
  return built.get(key)!;
}

/** The committed config with builds allowed in `env` too (prod-sized builds are tested here). */
export function buildsAllowed(env: EnvironmentName) {
  const raw = rawConfig();
  raw.environments[env].allowBuilds = true;
  return raw;
}

/** The template of the `pr-123` app's persistent or ephemeral cluster stack in `env`. */
export function template(lifecycle: 'persistent' | 'ephemeral', env: EnvironmentName = 'dev'): Template {
  const a = app(env);
  return templateOf(lifecycle === 'ephemeral' ? a.ephemeral! : a.persistent);
}
