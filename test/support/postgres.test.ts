import { Client } from 'pg';
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
