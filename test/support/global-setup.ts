import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from 'jest';
import { startMoto, warmMoto } from './moto';
import { startPostgres } from './postgres';
import { SERVICES_ENV, SERVICE_TOOLS, type ServiceName, type ServiceState, missingTools } from './services';
import { type RunState, RUN_STATE, stopAllNow } from './run-state';

const START: Record<ServiceName, () => Promise<{ stopNow(): void; stop(): Promise<void> } & object>> = {
  // Warmed before any test runs, side by side with PostgreSQL's start.
  moto: async () => {
    const moto = await startMoto();
    try {
      await warmMoto(moto.endpoint);
    } catch (err) {
      moto.stopNow();
      throw err;
    }
    return moto;
  },
  postgres: startPostgres,
};

/** What a worker needs to reach an instance (the handles stay here, for the teardown). */
function published(service: ServiceName, instance: object): unknown {
  if (service === 'moto') return { endpoint: (instance as { endpoint: string }).endpoint };
  const { host, port, ca, superuser } = instance as {
    host: string;
    port: number;
    ca: string;
    superuser: unknown;
  };
  return { host, port, ca, superuser };
}

/**
 * Once per jest run: the validator off (`.ci/pull-request.sh` synthesizes with it on), the
 * services the selected test files use (one per worker, at most one per such file), and one
 * temporary directory that every test's `os.tmpdir()` points into and the teardown removes.
 */
export default async function globalSetup(config: { maxWorkers: number } & Partial<Config>): Promise<void> {
  process.env.CDK_VALIDATION ??= 'false';
  const state: RunState = { started: [], dir: undefined };
  (globalThis as Record<string, unknown>)[RUN_STATE] = state;
  // A crash or an interrupted run still stops the servers and removes the directory.
  process.once('exit', () => stopAllNow(state));

  const needs = JSON.parse(process.env.GOLDENPATH_TEST_NEEDS ?? '{}') as Partial<Record<ServiceName, number>>;
  const services: Partial<Record<ServiceName, ServiceState>> = {};
  await Promise.all(
    (Object.keys(START) as ServiceName[]).map(async (service) => {
      const count = Math.min(Math.max(1, config.maxWorkers), needs[service] ?? 0);
      if (count === 0) return;
      const missing = missingTools(service);
      if (missing.length > 0) {
        services[service] = {
          missing: `needs ${missing.join(', ')} on PATH (install: ${SERVICE_TOOLS[service].install})`,
        };
        return;
      }
      // Every start that succeeded is kept for the teardown, also when another one failed.
      const results = await Promise.allSettled(Array.from({ length: count }, () => START[service]()));
      const up = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      state.started.push(...up);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      services[service] = failed
        ? { error: failed.reason instanceof Error ? failed.reason.message : String(failed.reason) }
        : { instances: up.map((i) => published(service, i)) };
    }),
  );
  process.env[SERVICES_ENV] = JSON.stringify(services);

  // After the servers (PostgreSQL runs as another user when root and keeps its own directory).
  state.dir = mkdtempSync(join(tmpdir(), 'goldenpath-test-'));
  process.env.TMPDIR = state.dir;
}
