import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { removeAbandonedServers, serverParent } from './postgres';
import { usePostgres } from './services';

describe('startPostgres', () => {
  const pg = usePostgres();

  test('serves PostgreSQL 15 over verified TLS', async () => {
    const client = new Client({
      host: pg.host,
      port: pg.port,
      ...pg.superuser,
      database: 'postgres',
      ssl: { ca: pg.ca, rejectUnauthorized: true },
    });
    await client.connect();
    try {
      const res = await client.query<{ version: string; ssl: boolean }>(
        'SELECT current_setting($1) AS version, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
        ['server_version'],
      );
      expect(res.rows[0].version).toMatch(/^15\./);
      expect(res.rows[0].ssl).toBe(true);
    } finally {
      await client.end();
    }
  });

  test('refuses a connection without TLS', async () => {
    const client = new Client({
      host: pg.host,
      port: pg.port,
      ...pg.superuser,
      database: 'postgres',
      ssl: false,
    });
    await expect(client.connect()).rejects.toThrow(
      /no pg_hba.conf entry for host "127.0.0.1", user "postgres", database "postgres", no encryption/,
    );
  });

  test('refuses a server certificate it cannot verify', async () => {
    const client = new Client({
      host: pg.host,
      port: pg.port,
      ...pg.superuser,
      database: 'postgres',
      ssl: { rejectUnauthorized: true },
    });
    await expect(client.connect()).rejects.toThrow(/^unable to verify the first certificate$/);
  });
});

describe('where the servers live', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'goldenpath-pg-parent-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  /** A server directory last changed `ageMs` ago, with a postmaster.pid naming `pid` if given. */
  function serverDir(name: string, ageMs: number, pid?: number): string {
    const dir = join(parent, name);
    mkdirSync(join(dir, 'data'), { recursive: true });
    if (pid !== undefined) writeFileSync(join(dir, 'data', 'postmaster.pid'), `${pid}\n/some/dir\n`);
    const then = new Date(Date.now() - ageMs);
    utimesSync(dir, then, then);
    return dir;
  }

  test("a killed run's servers are removed; running, recent and other directories stay", () => {
    const hour = 3_600_000;
    // A pid no process has: above the kernel's largest.
    const dead = serverDir('goldenpath-pg-dead', hour, 2 ** 22 + 1);
    const noPid = serverDir('goldenpath-pg-nopid', hour);
    serverDir('goldenpath-pg-running', hour, process.pid);
    serverDir('goldenpath-pg-starting', 60_000);
    serverDir('someone-else', hour);
    expect(removeAbandonedServers(parent).sort()).toEqual([dead, noPid].sort());
    expect(readdirSync(parent).sort()).toEqual([
      'goldenpath-pg-running',
      'goldenpath-pg-starting',
      'someone-else',
    ]);
  });

  test('a memory file system is used when it has room for a server, else the temp dir', () => {
    expect(serverParent(parent, 1)).toBe(parent);
    expect(serverParent(parent, Number.MAX_SAFE_INTEGER)).toBe(tmpdir());
    expect(serverParent(join(parent, 'none'), 1)).toBe(tmpdir());
  });
});
