import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A `moto_server` (local AWS API emulator) on a free loopback port, for tests that exercise the
 * real AWS SDK. Start it in `beforeAll`, `reset()` in `beforeEach`, `stop()` in `afterAll`.
 *
 * SDK clients pointed at it: `{ endpoint: moto.endpoint, region, credentials: MOTO_CREDENTIALS, maxAttempts: 1 }`.
 */
export interface Moto {
  readonly endpoint: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server at once (SIGKILL), for a process that is exiting. */
  stopNow(): void;
}

export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;
export const MOTO_ACCOUNT = '123456789012';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(endpoint: string, proc: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let spawnError: Error | undefined;
  proc.once('error', (err) => (spawnError = err));
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`moto_server did not start: ${spawnError.message}`);
    if (proc.exitCode !== null) throw new Error(`moto_server exited with ${proc.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s:\n${output()}`);
}

/** Resets a running moto (every service's state). */
export async function resetMoto(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
}

/**
 * Starts `moto_server` on 127.0.0.1 (it must be on PATH). When it does not come up, the process
 * is killed before the error is thrown: a failed start leaves nothing running.
 */
export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let log = '';
  const proc = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // moto builds its catalogue of public AMIs into every EC2 region it sets up, again after each
    // reset: most of the server's time in the EC2 tests. No test looks an image up.
    env: { ...process.env, MOTO_EC2_LOAD_DEFAULT_AMIS: 'false' },
  });
  proc.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  proc.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const stopNow = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
  try {
    await waitUntilUp(endpoint, proc, () => log);
  } catch (err) {
    stopNow();
    throw err;
  }
  return {
    endpoint,
    reset: () => resetMoto(endpoint),
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      });
    },
    stopNow,
  };
}
