import { execFileSync, spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './moto';
import { makeCa, makeServerCertificate } from './tls';

/**
 * A throw-away PostgreSQL 15 server on a free loopback port that, like RDS with
 * `rds.force_ssl=1`, only accepts TLS connections with password (SCRAM) authentication.
 *
 * The server certificate is signed by a CA generated for this server alone: clients verify it
 * with `{ ca, rejectUnauthorized: true }`, the way the provisioner verifies RDS.
 */
export interface Postgres {
  readonly host: string;
  readonly port: number;
  /** PEM of the CA that signed the server certificate. */
  readonly ca: string;
  /** A superuser that logs in with a password over TLS. */
  readonly superuser: { readonly user: string; readonly password: string };
  stop(): Promise<void>;
  /** Stops the server and removes its directory, synchronously, for a process that is exiting. */
  stopNow(): void;
}

/** The OS user that runs the server: PostgreSQL refuses to run as root. */
function serverUser(): string | undefined {
  return process.getuid?.() === 0 ? 'postgres' : undefined;
}

function run(cmd: string, args: readonly string[], asUser: string | undefined): void {
  const [file, argv] = asUser ? ['runuser', ['-u', asUser, '--', cmd, ...args]] : [cmd, [...args]];
  const res = spawnSync(file, argv, { encoding: 'utf8' });
  if (res.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`,
    );
  }
}

/** What a server of the tests may take in memory at most (its data, a database per test, its WAL). */
const SERVER_ROOM = 1024 ** 3;

/**
 * Where the server's directory goes: a memory file system when the machine has one (Linux's
 * /dev/shm) with room for a server. Every CREATE DATABASE copies template1 (7.5 MB) and writes as
 * much WAL; on a disk, with fsync off, that still took a quarter of a second per database (the
 * provisioner's tests make dozens), in memory a tenth of that. A container's /dev/shm is often
 * 64 MB: too small, so the system temp dir.
 */
export function serverParent(shm = '/dev/shm', room = SERVER_ROOM): string {
  try {
    if (statSync(shm).isDirectory()) {
      accessSync(shm, constants.W_OK);
      const { bavail, bsize } = statfsSync(shm);
      if (bavail * bsize >= room) return shm;
    }
  } catch {
    // no /dev/shm (macOS) or not writable: the system temp dir
  }
  return tmpdir();
}

/**
 * Removes the directories of servers a killed run left in `parent` (they hold memory until a
 * reboot when `parent` is /dev/shm): no server runs in them (no postmaster.pid, or its process is
 * gone) and they are older than `minAgeMs`, so a server another run is just setting up stays.
 */
export function removeAbandonedServers(parent: string, now = Date.now(), minAgeMs = 10 * 60_000): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(parent).filter((n) => n.startsWith('goldenpath-pg-'))) {
    const dir = join(parent, name);
    try {
      if (statSync(dir).mtimeMs > now - minAgeMs || serverRunsIn(dir)) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

function serverRunsIn(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists and is another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Starts the server (initdb + pg_ctl in a temp dir); `stop()` stops it and removes the dir. A
 * failed start stops whatever it started and removes the dir before the error is thrown.
 */
export async function startPostgres(): Promise<Postgres> {
  const user = serverUser();
  const parent = serverParent();
  removeAbandonedServers(parent);
  const dir = mkdtempSync(join(parent, 'goldenpath-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const superuser = { user: 'postgres', password: 'test-superuser-password' };
  try {
    makeCa(dir, 'ca', 'goldenpath test CA');
    makeServerCertificate(dir, 'server', 'ca', 'localhost');
    writeFileSync(join(dir, 'pwfile'), `${superuser.password}\n`);
    if (user) {
      execFileSync('chown', ['-R', `${user}:`, dir]);
    }
    chmodSync(join(dir, 'server.key'), 0o600);
    run(
      'initdb',
      [
        '-D',
        data,
        '-U',
        superuser.user,
        `--pwfile=${join(dir, 'pwfile')}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '-E',
        'UTF8',
        '--no-sync',
      ],
      user,
    );
    writeFileSync(
      join(data, 'postgresql.auto.conf'),
      [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        `ssl = on`,
        `ssl_cert_file = '${join(dir, 'server.crt')}'`,
        `ssl_key_file = '${join(dir, 'server.key')}'`,
        `password_encryption = 'scram-sha-256'`,
        `fsync = off`,
        // The directory may be in memory: WAL past this starts a checkpoint that recycles it, where
        // the default (1 GB) let a run's CREATE DATABASEs keep a few hundred MB of it.
        `max_wal_size = 96MB`,
        `min_wal_size = 32MB`,
        '',
      ].join('\n'),
    );
    // TLS only over TCP, as with rds.force_ssl=1: there is no plain `host` line.
    writeFileSync(
      join(data, 'pg_hba.conf'),
      'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n',
    );
    if (user) {
      execFileSync('chown', ['-R', `${user}:`, data]);
      chownSync(dir, Number(execFileSync('id', ['-u', user]).toString().trim()), -1);
    }
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start'], user);
  } catch (err) {
    // pg_ctl may have started the server and then timed out: stop whatever runs in the dir.
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], user);
    } catch {
      // it was not running
    }
    let log = '';
    try {
      log = readFileSync(join(dir, 'server.log'), 'utf8');
    } catch {
      // no log yet
    }
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  return {
    host: '127.0.0.1',
    port,
    ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    superuser,
    // The directory goes with the server: nothing needs a clean shutdown.
    stop() {
      stopNow();
      return Promise.resolve();
    },
    stopNow,
  };
  function stopNow(): void {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], user);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
