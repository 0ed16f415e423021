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
 * One cheap read per AWS service the tests use, as the SDK would send it (moto picks the service
 * from the signature's credential scope and checks no signature).
 */
const WARM_UP: readonly {
  readonly service: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}[] = [
  ...(
    [
      ['ec2', 'DescribeVpcs', '2016-11-15'],
      ['elasticloadbalancing', 'DescribeLoadBalancers', '2015-12-01'],
      ['rds', 'DescribeDBInstances', '2014-10-31'],
      ['cloudformation', 'ListStacks', '2010-05-15'],
    ] as const
  ).map(([service, action, version]) => ({
    service,
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `Action=${action}&Version=${version}`,
  })),
  ...(
    [
      ['secretsmanager', 'secretsmanager.ListSecrets'],
      ['ssm', 'AmazonSSM.DescribeParameters'],
    ] as const
  ).map(([service, target]) => ({
    service,
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: '{}',
  })),
  { service: 'route53', path: '/2013-04-01/hostedzone' },
  { service: 's3', path: '/' },
];

/**
 * Has a running moto load every service the tests use, then resets it. moto loads a service's
 * code the first time a request names it, two and a half seconds for these eight together: paid
 * here, while the global setup also starts PostgreSQL, instead of by the first test of each worker
 * that calls the service.
 */
export async function warmMoto(endpoint: string): Promise<void> {
  // One service at a time: moto loads each on its first request, and concurrent first requests
  // race in its lazily built state (it then answers 500).
  for (const { service, path, headers, body } of WARM_UP) {
    const res = await fetch(`${endpoint}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...headers,
        authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-2/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body,
    });
    if (!res.ok) throw new Error(`moto warm-up: ${service} answered ${res.status}: ${await res.text()}`);
  }
  await resetMoto(endpoint);
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
    // moto keeps its state in memory and nothing else: SIGKILL loses nothing, and SIGTERM took a
    // second to stop its web server, at the end of every run.
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      });
    },
    stopNow,
  };
}
