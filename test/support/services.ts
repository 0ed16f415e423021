import { accessSync, constants } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { type Moto, resetMoto } from './moto';
import type { Postgres } from './postgres';

/**
 * The servers tests share: test/support/global-setup.ts starts one per worker for the test files
 * that call useMoto() / usePostgres() (test/support/sequencer.js finds those calls), and the
 * global teardown stops them, whatever else failed.
 */
export type ServiceName = 'moto' | 'postgres';

/** What each service needs on PATH, and how to install it. */
export const SERVICE_TOOLS: Record<
  ServiceName,
  { readonly tools: readonly string[]; readonly install: string }
> = {
  moto: { tools: ['moto_server'], install: "pipx install 'moto[server]==5.2.1'" },
  postgres: {
    // PostgreSQL refuses to run as root: as root, it runs as user postgres through runuser.
    tools: ['initdb', 'pg_ctl', 'openssl', ...(process.getuid?.() === 0 ? ['runuser'] : [])],
    install:
      'apt-get install postgresql-15 openssl and put /usr/lib/postgresql/15/bin on PATH, or brew install postgresql@15',
  },
};

/** The tools of `service` that are not on PATH. */
export function missingTools(service: ServiceName, path = process.env.PATH ?? ''): string[] {
  const onPath = (tool: string) =>
    path.split(delimiter).some((dir) => {
      try {
        accessSync(join(dir, tool), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  return SERVICE_TOOLS[service].tools.filter((t) => !onPath(t));
}

/** What the global setup hands the workers, per service (in GOLDENPATH_TEST_SERVICES). */
export interface ServiceState {
  /** One per worker; a worker uses instance (JEST_WORKER_ID - 1) mod count. */
  readonly instances?: readonly unknown[];
  /** A tool is missing: the message names it and how to install it. */
  readonly missing?: string;
  /** The tools are there but the server did not start. */
  readonly error?: string;
}

export const SERVICES_ENV = 'GOLDENPATH_TEST_SERVICES';

function instanceFor<T>(service: ServiceName, setUp: (instance: T) => void): T {
  const state = (JSON.parse(process.env[SERVICES_ENV] ?? '{}') as Partial<Record<ServiceName, ServiceState>>)[
    service
  ];
  const file = relative(process.cwd(), expect.getState().testPath ?? '');
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const unusable = (message: string): T => {
    beforeAll(() => {
      throw new Error(message);
    });
    return new Proxy({} as T & object, {
      get: () => {
        throw new Error(message);
      },
    });
  };
  if (!state) {
    return unusable(
      `${file}: no ${service} for this run: call use${service === 'moto' ? 'Moto' : 'Postgres'}() in the test file itself (test/support/sequencer.js looks for the call there)`,
    );
  }
  if (state.missing && !ci) {
    const message = `skipped ${file}: ${state.missing}`;
    process.stderr.write(`${message}\n`);
    // Every test of this file from here on is skipped, and the report says why.
    const skip = test.skip;
    skip(message, () => undefined);
    const g = globalThis as unknown as { test: jest.It; it: jest.It };
    g.test = g.it = skip;
    return {} as T;
  }
  if (state.missing) return unusable(`${state.missing} (CI=true: nothing is skipped)`);
  if (state.error || !state.instances?.length)
    return unusable(`${service} did not start: ${state.error ?? 'no instance'}`);
  const instance = state.instances[
    (Number(process.env.JEST_WORKER_ID ?? '1') - 1) % state.instances.length
  ] as T;
  setUp(instance);
  return instance;
}

/**
 * The moto server of this worker, reset before the file's first test (call `reset()` in
 * `beforeEach` for a clean state per test). Its lifetime is the run's: `stop()` does nothing.
 */
export function useMoto(): Moto {
  const moto = instanceFor<{ endpoint: string }>('moto', (m: { endpoint: string }) => {
    beforeAll(() => resetMoto(m.endpoint));
  });
  return {
    get endpoint() {
      return moto.endpoint;
    },
    reset: () => resetMoto(moto.endpoint),
    stop: () => Promise.resolve(),
    stopNow: () => undefined,
  };
}

/** The PostgreSQL server of this worker (the run's lifetime: `stop()` does nothing). */
export function usePostgres(): Postgres {
  const pg = instanceFor<Omit<Postgres, 'stop' | 'stopNow'>>('postgres', () => undefined);
  return {
    get host() {
      return pg.host;
    },
    get port() {
      return pg.port;
    },
    get ca() {
      return pg.ca;
    },
    get superuser() {
      return pg.superuser;
    },
    stop: () => Promise.resolve(),
    stopNow: () => undefined,
  };
}
