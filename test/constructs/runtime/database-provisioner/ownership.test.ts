import { Client } from 'pg';
import {
  type AppDatabaseWithPassword,
  provisionDatabases,
} from '../../../../constructs/runtime/database-provisioner/provision';
import { roleMarker } from '../../../../constructs/runtime/database-provisioner/ownership';
import { usePostgres } from '../../../support/services';

// Data of a removed app is kept; the next app that picks its names must not be given it. Run on
// a real PostgreSQL 15, as a master user that is not a superuser (as on RDS).

const MASTER = { user: 'gpmaster', password: 'master-password-1234' };
const pg = usePostgres();
let admin: Client;
let master: Client;

function connect(user: string, password: string, database = 'postgres'): Client {
  return new Client({
    host: pg.host,
    port: pg.port,
    user,
    password,
    database,
    ssl: { ca: pg.ca, rejectUnauthorized: true },
  });
}

async function canLogin(user: string, password: string, database: string): Promise<boolean> {
  const c = connect(user, password, database);
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const app = (name: string, over: Partial<AppDatabaseWithPassword> = {}): AppDatabaseWithPassword => ({
  app: name,
  databaseName: name,
  roleName: name,
  createDb: false,
  password: `${name}-password-1`,
  ...over,
});

const provision = (apps: AppDatabaseWithPassword[]) => provisionDatabases(master, apps, { canLogin });

async function catalog(): Promise<unknown> {
  return (
    await admin.query(
      `SELECT d.datname, pg_get_userbyid(d.datdba) AS owner, d.datacl::text AS acl,
              (SELECT json_agg(json_build_object('role', r.rolname, 'login', r.rolcanlogin, 'pw', a.rolpassword,
                 'marker', shobj_description(r.oid, 'pg_authid')) ORDER BY r.rolname)
                 FROM pg_roles r JOIN pg_authid a ON a.oid = r.oid WHERE r.rolname NOT LIKE 'pg\\_%') AS roles
         FROM pg_database d ORDER BY d.datname`,
    )
  ).rows;
}

/** The `legacy` app as an earlier deploy left it: its role, its database, a row of its data. */
async function legacyWithData(): Promise<void> {
  await provision([app('legacy')]);
  const c = connect('legacy', 'legacy-password-1', 'legacy');
  await c.connect();
  await c.query('CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$old data$$)');
  await c.end();
}

beforeAll(async () => {
  admin = connect(pg.superuser.user, pg.superuser.password);
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
});

beforeEach(async () => {
  await master?.end().catch(() => undefined);
  for (const { datname } of (
    await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1')`,
    )
  ).rows)
    await admin.query(`DROP DATABASE "${datname}"`);
  for (const { rolname } of (
    await admin.query<{ rolname: string }>(
      `SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' AND rolname <> 'postgres'`,
    )
  ).rows)
    await admin.query(`DROP ROLE "${rolname}"`);
  await admin.query(`CREATE ROLE ${MASTER.user} LOGIN CREATEROLE CREATEDB PASSWORD '${MASTER.password}'`);
  master = connect(MASTER.user, MASTER.password);
  await master.connect();
});

afterEach(async () => {
  await master?.end().catch(() => undefined);
});

describe('a removed app keeps its data out of reach of the next app', () => {
  test('a new app naming the old database is refused; owner, data and catalog stay as they were', async () => {
    await legacyWithData();
    const before = await catalog();

    await expect(provision([app('newapp', { databaseName: 'legacy' })])).rejects.toThrow(
      `Refusing to provision databases:\nnewapp: database "legacy" already exists and is owned by role "legacy", not "newapp"; nothing was changed. Choose another databaseName, or hand the database over deliberately: ALTER DATABASE "legacy" OWNER TO "newapp"`,
    );
    expect(await catalog()).toEqual(before);
    expect(await canLogin('newapp', 'newapp-password-1', 'legacy')).toBe(false);
  });

  test("a new app naming the old role is refused, and the old role's password is not reset", async () => {
    await legacyWithData();
    const before = await catalog();

    await expect(provision([app('other', { roleName: 'legacy' })])).rejects.toThrow(
      `Refusing to provision databases:\nother: role "legacy" already exists and belongs to goldenpath app legacy; nothing was changed. Choose another roleName, or hand the role over deliberately: COMMENT ON ROLE "legacy" IS 'goldenpath app other'`,
    );
    expect(await catalog()).toEqual(before);
    expect(await canLogin('legacy', 'other-password-1', 'legacy')).toBe(false);
    expect(await canLogin('legacy', 'legacy-password-1', 'legacy')).toBe(true);
  });

  test('a role made outside the provisioner is never taken over', async () => {
    await admin.query(`CREATE ROLE analyst LOGIN PASSWORD 'analyst-password'`);

    await expect(provision([app('analyst')])).rejects.toThrow(
      `analyst: role "analyst" already exists and belongs to no goldenpath app (it was made outside the provisioner); nothing was changed.`,
    );
    expect(await canLogin('analyst', 'analyst-password', 'postgres')).toBe(true);
  });

  test('a database the master user made by hand is not given to an app', async () => {
    await master.query('CREATE DATABASE reports');

    await expect(provision([app('reports')])).rejects.toThrow(
      `reports: database "reports" already exists and is owned by role "gpmaster", not "reports"`,
    );
    expect((await admin.query(`SELECT rolname FROM pg_roles WHERE rolname = 'reports'`)).rows).toEqual([]);
  });

  test('every refusal is reported at once, and a good app in the same run is not provisioned either', async () => {
    await legacyWithData();
    const before = await catalog();

    await expect(
      provision([
        app('fresh'),
        app('newapp', { databaseName: 'legacy' }),
        app('other', { roleName: 'legacy' }),
      ]),
    ).rejects.toThrow(
      /^Refusing to provision databases:\nnewapp: database "legacy" .*\nother: role "legacy" .*$/,
    );
    expect(await catalog()).toEqual(before);
  });

  test('the hand-over the message names works: done in SQL, the next run accepts it', async () => {
    await legacyWithData();
    await admin.query(`ALTER DATABASE "legacy" OWNER TO "legacy"`); // as it was
    await expect(provision([app('newapp', { databaseName: 'legacy', roleName: 'legacy' })])).rejects.toThrow(
      'newapp: role "legacy" already exists and belongs to goldenpath app legacy',
    );

    await master.query(`COMMENT ON ROLE "legacy" IS '${roleMarker('newapp')}'`);
    const result = await provision([
      app('newapp', { databaseName: 'legacy', roleName: 'legacy', password: 'newapp-password-1' }),
    ]);

    expect(result).toEqual({ created: [], updated: ['password of role legacy'] });
    const c = connect('legacy', 'newapp-password-1', 'legacy');
    await c.connect();
    expect((await c.query('SELECT v FROM kept')).rows).toEqual([{ v: 'old data' }]);
    await c.end();
  });
});

describe('roles the provisioner owns', () => {
  test('a new role carries the marker of its app', async () => {
    await provision([app('keycloak')]);

    expect(
      (
        await admin.query(
          `SELECT shobj_description(oid, 'pg_authid') AS marker FROM pg_roles WHERE rolname = 'keycloak'`,
        )
      ).rows,
    ).toEqual([{ marker: 'goldenpath app keycloak' }]);
  });

  test('a role made before markers that owns its app database is kept and marked, once', async () => {
    await admin.query(`CREATE ROLE keycloak LOGIN PASSWORD 'keycloak-password-1'`);
    await admin.query(`GRANT keycloak TO ${MASTER.user}`);
    await master.query('CREATE DATABASE keycloak OWNER keycloak');

    expect(await provision([app('keycloak')])).toEqual({
      created: [],
      updated: ['marker of role keycloak', 'privileges on database keycloak'],
    });
    expect(await provision([app('keycloak')])).toEqual({ created: [], updated: [] });
  });
});
