import { mkdirSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { type Socket, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import { Client } from 'pg';
import {
  type ProvisionerDeps,
  type ProvisionerProperties,
  createHandler,
} from '../../../../constructs/runtime/database-provisioner/handler';
import { PROVISIONER_BUNDLING } from '../../../../constructs/foundation/provisioner-bundling';
import { MOTO_CREDENTIALS } from '../../../support/moto';
import { useMoto, usePostgres } from '../../../support/services';

// The provisioner as CloudFormation drives it: a custom resource event in, the response it PUTs
// to the pre-signed URL out, against a real PostgreSQL 15 (TLS only) and Secrets Manager on moto.

const MASTER = { username: 'gpmaster', password: 'master-password-1234' };
const PASSWORDS: Record<string, string> = {
  keycloak: 'keycloak-password-1',
  backstage: 'backstage-password-1',
  grafana: 'grafana-password-1',
};

const pg = usePostgres();
const moto = useMoto();
let responses: Server;
let responseUrl: string;
let received: CloudFormationCustomResourceResponse[] = [];
let sm: SecretsManagerClient;
const arns: Record<string, string> = {};

function superuser(database = 'postgres'): Client {
  return new Client({
    host: pg.host,
    port: pg.port,
    ...pg.superuser,
    database,
    ssl: { ca: pg.ca, rejectUnauthorized: true },
  });
}

let admin: Client;

async function sql<T extends object = Record<string, unknown>>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return (await admin.query<T>(text, values)).rows;
}

async function canLogin(user: string, password: string, database: string): Promise<string> {
  const c = new Client({
    host: pg.host,
    port: pg.port,
    user,
    password,
    database,
    ssl: { ca: pg.ca, rejectUnauthorized: true },
  });
  try {
    await c.connect();
    return (await c.query<{ u: string }>('SELECT current_user AS u')).rows[0].u;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Roles and databases the provisioner manages, with everything that could change. */
async function catalog(): Promise<unknown> {
  return {
    roles: await sql(
      `SELECT rolname, rolcanlogin, rolcreatedb, rolsuper, rolpassword FROM pg_authid WHERE rolname NOT LIKE 'pg\\_%' ORDER BY rolname`,
    ),
    databases: await sql(
      `SELECT datname, pg_get_userbyid(datdba) AS owner, datacl::text AS acl FROM pg_database ORDER BY datname`,
    ),
    members: await sql(
      `SELECT r.rolname AS role, m.rolname AS member FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member ORDER BY 1, 2`,
    ),
  };
}

function appSecret(app: string, role = app): string {
  return JSON.stringify({
    username: role,
    password: PASSWORDS[app],
    host: pg.host,
    port: pg.port,
    dbname: app,
    engine: 'postgres',
  });
}

function app(name: string, createDb = false): ProvisionerProperties['Apps'][number] {
  return { App: name, DatabaseName: name, RoleName: name, CreateDb: String(createDb), SecretArn: arns[name] };
}

function event(
  type: 'Create' | 'Update' | 'Delete',
  apps: ProvisionerProperties['Apps'],
  oldApps?: ProvisionerProperties['Apps'],
): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:eu-west-2:123456789012:function:provisioner',
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:eu-west-2:123456789012:stack/goldenpath-dev-foundation/1',
    RequestId: `request-${received.length}`,
    LogicalResourceId: 'Databases',
    ResourceType: 'Custom::PlatformDatabases',
    ResourceProperties: { ServiceToken: 'token', MasterSecretArn: arns.master, Apps: apps } as unknown as {
      ServiceToken: string;
    },
  };
  if (type === 'Create') return { ...common, RequestType: 'Create' };
  if (type === 'Delete')
    return { ...common, RequestType: 'Delete', PhysicalResourceId: 'goldenpath-platform-databases' };
  return {
    ...common,
    RequestType: 'Update',
    PhysicalResourceId: 'goldenpath-platform-databases',
    OldResourceProperties: { ServiceToken: 'token', MasterSecretArn: arns.master, Apps: oldApps ?? apps },
  };
}

function deps(ca: string | undefined = pg.ca): ProvisionerDeps {
  return {
    secrets: sm,
    ssl: ca === undefined ? { rejectUnauthorized: true } : { ca, rejectUnauthorized: true },
    connectTimeoutMillis: 5_000,
  };
}

/** Sends `e` through the Lambda entry point; returns what CloudFormation received. */
async function send(
  e: CloudFormationCustomResourceEvent,
  d: ProvisionerDeps = deps(),
): Promise<CloudFormationCustomResourceResponse> {
  const before = received.length;
  const returned = await createHandler(() => d)(e);
  expect(received).toHaveLength(before + 1);
  expect(received[before]).toEqual(returned);
  return received[before];
}

const TWO_APPS = () => [app('keycloak'), app('backstage', true)];

beforeAll(async () => {
  admin = superuser();
  await admin.connect();
  sm = new SecretsManagerClient({
    endpoint: moto.endpoint,
    region: 'eu-west-2',
    credentials: MOTO_CREDENTIALS,
    maxAttempts: 1,
  });
  responses = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as CloudFormationCustomResourceResponse);
      res.end();
    });
  });
  await new Promise<void>((r) => responses.listen(0, '127.0.0.1', r));
  const addr = responses.address();
  responseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/response?signed=1`;
});

afterAll(async () => {
  await admin?.end();
  await new Promise((r) => responses.close(r));
});

beforeEach(async () => {
  received = [];
  await moto.reset();
  for (const db of await sql<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1')`,
  )) {
    await sql(`DROP DATABASE "${db.datname}"`);
  }
  for (const r of await sql<{ rolname: string }>(
    `SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' AND rolname <> 'postgres'`,
  )) {
    await sql(`DROP ROLE "${r.rolname}"`);
  }
  // Like the RDS master user: may create roles and databases, but is not a superuser.
  await sql(`CREATE ROLE ${MASTER.username} LOGIN CREATEROLE CREATEDB PASSWORD '${MASTER.password}'`);
  const master = {
    ...MASTER,
    host: pg.host,
    port: pg.port,
    dbname: 'postgres',
    engine: 'postgres',
    dbInstanceIdentifier: 'goldenpath-dev',
  };
  // Side by side: they are independent, and a round trip to moto is most of each.
  const secrets: [string, string, string][] = [
    ['master', 'goldenpath/dev/rds/master', JSON.stringify(master)],
    ...Object.keys(PASSWORDS).map((name): [string, string, string] => [
      name,
      `goldenpath/dev/${name}/postgres`,
      appSecret(name),
    ]),
  ];
  // One call at a time: moto answers concurrent writes with a 500 now and then.
  for (const [key, Name, SecretString] of secrets) {
    arns[key] = (await sm.send(new CreateSecretCommand({ Name, SecretString }))).ARN!;
  }
});

describe('Create', () => {
  test('creates each app role and a database it owns, reachable only by that role', async () => {
    const res = await send(event('Create', TWO_APPS()));

    expect(res).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'goldenpath-platform-databases',
      StackId: 'arn:aws:cloudformation:eu-west-2:123456789012:stack/goldenpath-dev-foundation/1',
      RequestId: 'request-0',
      LogicalResourceId: 'Databases',
      Reason: 'created role keycloak, database keycloak, role backstage, database backstage',
      Data: {
        Created: 'role keycloak, database keycloak, role backstage, database backstage',
        Updated: '',
        Kept: '',
      },
    });
    expect(
      await sql(
        `SELECT rolname, rolcanlogin, rolcreatedb, rolsuper FROM pg_roles WHERE rolname IN ('keycloak', 'backstage') ORDER BY 1`,
      ),
    ).toEqual([
      { rolname: 'backstage', rolcanlogin: true, rolcreatedb: true, rolsuper: false },
      { rolname: 'keycloak', rolcanlogin: true, rolcreatedb: false, rolsuper: false },
    ]);
    expect(
      await sql(
        `SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname IN ('keycloak', 'backstage') ORDER BY 1`,
      ),
    ).toEqual([
      { datname: 'backstage', owner: 'backstage' },
      { datname: 'keycloak', owner: 'keycloak' },
    ]);
    expect(await canLogin('keycloak', PASSWORDS.keycloak, 'keycloak')).toBe('keycloak');
    expect(await canLogin('backstage', PASSWORDS.backstage, 'backstage')).toBe('backstage');
    expect(await canLogin('keycloak', PASSWORDS.keycloak, 'backstage')).toBe(
      'permission denied for database "backstage"',
    );
  });

  test('stores a SCRAM verifier, never the password, in the catalog', async () => {
    await send(event('Create', [app('keycloak')]));

    const [row] = await sql<{ rolpassword: string }>(
      `SELECT rolpassword FROM pg_authid WHERE rolname = 'keycloak'`,
    );
    expect(row.rolpassword).toMatch(
      /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/,
    );
  });

  test('the same event three times: no error and no change after the first', async () => {
    await send(event('Create', TWO_APPS()));
    const first = await catalog();

    for (let i = 0; i < 3; i++) {
      const res = await send(event(i === 0 ? 'Create' : 'Update', TWO_APPS()));
      expect(res).toMatchObject({
        Status: 'SUCCESS',
        Reason: 'no change',
        Data: { Created: '', Updated: '', Kept: '' },
      });
      expect(await catalog()).toEqual(first);
    }
  });

  test('refuses a certificate it cannot verify, before sending a password', async () => {
    const res = await send(event('Create', TWO_APPS()), { ...deps(), ssl: { rejectUnauthorized: true } });

    expect(res).toMatchObject({
      Status: 'FAILED',
      Reason: `Connecting to 127.0.0.1:${pg.port} as gpmaster over verified TLS failed: unable to verify the first certificate`,
    });
    expect(await sql(`SELECT rolname FROM pg_roles WHERE rolname IN ('keycloak', 'backstage')`)).toEqual([]);
  });
});

describe('Update', () => {
  test('adding a third app creates only that one', async () => {
    await send(event('Create', TWO_APPS()));

    const res = await send(event('Update', [...TWO_APPS(), app('grafana')], TWO_APPS()));

    expect(res).toMatchObject({
      Status: 'SUCCESS',
      Reason: 'created role grafana, database grafana',
      Data: { Created: 'role grafana, database grafana', Updated: '' },
    });
    expect(await canLogin('grafana', PASSWORDS.grafana, 'grafana')).toBe('grafana');
    expect(await canLogin('keycloak', PASSWORDS.keycloak, 'keycloak')).toBe('keycloak');
  });

  test('a rotated password in the app secret is applied, and the old one stops working', async () => {
    await send(event('Create', TWO_APPS()));
    const rotated = 'keycloak-password-2';
    await sm.send(
      new PutSecretValueCommand({
        SecretId: arns.keycloak,
        SecretString: appSecret('keycloak').replace(PASSWORDS.keycloak, rotated),
      }),
    );

    const res = await send(event('Update', TWO_APPS()));

    expect(res).toMatchObject({
      Status: 'SUCCESS',
      Reason: 'updated password of role keycloak',
      Data: { Created: '', Updated: 'password of role keycloak' },
    });
    expect(await canLogin('keycloak', rotated, 'keycloak')).toBe('keycloak');
    expect(await canLogin('keycloak', PASSWORDS.keycloak, 'keycloak')).toBe(
      'password authentication failed for user "keycloak"',
    );
    expect(await canLogin('backstage', PASSWORDS.backstage, 'backstage')).toBe('backstage');
  });

  test('turning createDb off is applied without touching the database', async () => {
    await send(event('Create', TWO_APPS()));

    const res = await send(event('Update', [app('keycloak'), app('backstage', false)], TWO_APPS()));

    expect(res).toMatchObject({ Status: 'SUCCESS', Reason: 'updated role backstage (LOGIN NOCREATEDB)' });
    expect(await sql(`SELECT rolcreatedb FROM pg_roles WHERE rolname = 'backstage'`)).toEqual([
      { rolcreatedb: false },
    ]);
  });

  test('an app removed from config keeps its database and role, and says so', async () => {
    await send(event('Create', TWO_APPS()));

    const res = await send(event('Update', [app('keycloak')], TWO_APPS()));

    expect(res).toMatchObject({
      Status: 'SUCCESS',
      Reason: 'no longer configured but kept databases backstage and roles backstage',
      Data: { Kept: 'databases backstage and roles backstage' },
    });
    expect(await canLogin('backstage', PASSWORDS.backstage, 'backstage')).toBe('backstage');
  });
});

describe('data of a removed app', () => {
  test('is never handed to a new app that names its database: FAILED, and the owner stays', async () => {
    await send(event('Create', TWO_APPS()));
    const before = await catalog();
    const newcomer = { ...app('grafana'), DatabaseName: 'backstage' };

    const res = await send(event('Update', [app('keycloak'), newcomer], TWO_APPS()));

    expect(res).toMatchObject({
      Status: 'FAILED',
      Reason:
        'Refusing to provision databases:\ngrafana: database "backstage" already exists and is owned by role "backstage", not "grafana"; nothing was changed. Choose another databaseName, or hand the database over deliberately: ALTER DATABASE "backstage" OWNER TO "grafana"',
    });
    expect(await catalog()).toEqual(before);
  });
});

describe('deadline', () => {
  test('answers FAILED before Lambda would time out, so CloudFormation does not wait an hour', async () => {
    // A server that accepts the connection and never answers the TLS handshake.
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const master = { ...MASTER, host: '127.0.0.1', port, dbname: 'postgres' };
    await sm.send(new PutSecretValueCommand({ SecretId: arns.master, SecretString: JSON.stringify(master) }));
    try {
      const res = await createHandler(() => ({ ...deps(), connectTimeoutMillis: 60_000 }))(
        event('Create', TWO_APPS()),
        // 0.6 s past the response margin: rounded, the message reads 1 s, as with a whole second.
        { getRemainingTimeInMillis: () => 10_600 },
      );

      expect(res).toMatchObject({
        Status: 'FAILED',
        Reason: 'Gave up after 1 s without finishing; nothing is dropped, so the next deploy can retry',
        PhysicalResourceId: 'goldenpath-platform-databases',
      });
      expect(received).toEqual([res]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});

describe('sync (aws lambda invoke)', () => {
  test('re-applies a rotated password without CloudFormation, secrets addressed by name', async () => {
    await send(event('Create', TWO_APPS()));
    const rotated = 'backstage-password-2';
    await sm.send(
      new PutSecretValueCommand({
        SecretId: arns.backstage,
        SecretString: appSecret('backstage').replace(PASSWORDS.backstage, rotated),
      }),
    );
    const syncProperties: ProvisionerProperties = {
      MasterSecretArn: 'goldenpath/dev/rds/master',
      Apps: [
        {
          App: 'keycloak',
          DatabaseName: 'keycloak',
          RoleName: 'keycloak',
          CreateDb: false,
          SecretArn: 'goldenpath/dev/keycloak/postgres',
        },
        {
          App: 'backstage',
          DatabaseName: 'backstage',
          RoleName: 'backstage',
          CreateDb: true,
          SecretArn: 'goldenpath/dev/backstage/postgres',
        },
      ],
    };

    const res = await createHandler(
      () => deps(),
      () => syncProperties,
    )({ action: 'sync' });

    expect(res).toEqual({
      Status: 'SUCCESS',
      Reason: 'updated password of role backstage',
      Data: { Created: '', Updated: 'password of role backstage', Kept: '' },
    });
    expect(received).toHaveLength(1);
    expect(await canLogin('backstage', rotated, 'backstage')).toBe('backstage');
  });
});

describe('Delete', () => {
  test('keeps every database, role and row, and says what it kept', async () => {
    await send(event('Create', TWO_APPS()));
    const c = new Client({
      host: pg.host,
      port: pg.port,
      user: 'keycloak',
      password: PASSWORDS.keycloak,
      database: 'keycloak',
      ssl: { ca: pg.ca, rejectUnauthorized: true },
    });
    await c.connect();
    await c.query('CREATE TABLE realm (name text); INSERT INTO realm VALUES ($$goldenpath$$)');
    await c.end();
    const before = await catalog();

    const res = await send(event('Delete', TWO_APPS()));

    expect(res).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'goldenpath-platform-databases',
      StackId: 'arn:aws:cloudformation:eu-west-2:123456789012:stack/goldenpath-dev-foundation/1',
      RequestId: 'request-1',
      LogicalResourceId: 'Databases',
      Reason:
        'Kept databases keycloak, backstage and roles keycloak, backstage: deleting the resource never drops data',
      Data: { Created: '', Updated: '', Kept: 'databases keycloak, backstage and roles keycloak, backstage' },
    });
    expect(await catalog()).toEqual(before);
    const k = new Client({
      host: pg.host,
      port: pg.port,
      user: 'keycloak',
      password: PASSWORDS.keycloak,
      database: 'keycloak',
      ssl: { ca: pg.ca, rejectUnauthorized: true },
    });
    await k.connect();
    expect((await k.query('SELECT name FROM realm')).rows).toEqual([{ name: 'goldenpath' }]);
    await k.end();
  });
});

describe('hostile input', () => {
  test.each([
    [
      'databaseName',
      'x; drop database postgres',
      'apps[1] ("keycloak").databaseName: received "x; drop database postgres"; expected a database name matching ^[a-z][a-z0-9_]{2,62}$',
    ],
    [
      'databaseName',
      'kc"; DROP ROLE gpmaster; --',
      'apps[1] ("keycloak").databaseName: received "kc\\"; DROP ROLE gpmaster; --"; expected a database name matching ^[a-z][a-z0-9_]{2,62}$',
    ],
    [
      'roleName',
      "kc' OR '1'='1",
      'apps[1] ("keycloak").roleName: received "kc\' OR \'1\'=\'1"; expected a role name matching ^[a-z][a-z0-9_]{0,62}$ (at most 63 characters)',
    ],
    [
      'databaseName',
      'Keycloak',
      'apps[1] ("keycloak").databaseName: received "Keycloak"; expected a database name matching ^[a-z][a-z0-9_]{2,62}$',
    ],
    [
      'roleName',
      `k${'x'.repeat(63)}`,
      `apps[1] ("keycloak").roleName: received "k${'x'.repeat(63)}"; expected a role name matching ^[a-z][a-z0-9_]{0,62}$ (at most 63 characters)`,
    ],
    [
      'roleName',
      'rds_superuser',
      'apps[1] ("keycloak").roleName: received "rds_superuser"; reserved for PostgreSQL, RDS or the master user: choose another name',
    ],
    [
      'databaseName',
      'template1',
      'apps[1] ("keycloak").databaseName: received "template1"; reserved for PostgreSQL, RDS or the master user: choose another name',
    ],
    [
      'databaseName',
      'rdsadmin',
      'apps[1] ("keycloak").databaseName: received "rdsadmin"; reserved for PostgreSQL, RDS or the master user: choose another name',
    ],
    [
      'roleName',
      'gpmaster',
      'apps[1] ("keycloak").roleName: received "gpmaster"; reserved for PostgreSQL, RDS or the master user: choose another name',
    ],
  ])('%s %j is refused before any SQL runs', async (key, value, problem) => {
    const bad = { ...app('keycloak'), [key === 'databaseName' ? 'DatabaseName' : 'RoleName']: value };
    const before = await catalog();

    const res = await send(event('Create', [app('backstage', true), bad]));

    expect(res).toMatchObject({ Status: 'FAILED', Reason: `Refusing to provision databases:\n${problem}` });
    expect(await catalog()).toEqual(before);
  });

  test.each([
    ["'; DROP ROLE gpmaster; --"],
    ['back\\slash \\\' and "double" quotes'],
    ["$$dollar$$ $tag$ quoting E'\\x41'"],
    ['pässwörd with ünïcode and spaces'],
  ])('password %j is set exactly, and runs as no SQL', async (password) => {
    await sm.send(
      new PutSecretValueCommand({
        SecretId: arns.keycloak,
        SecretString: JSON.stringify({ username: 'keycloak', password }),
      }),
    );

    const res = await send(event('Create', [app('keycloak')]));

    expect(res).toMatchObject({ Status: 'SUCCESS', Reason: 'created role keycloak, database keycloak' });
    expect(await canLogin('keycloak', password, 'keycloak')).toBe('keycloak');
    expect(await canLogin(MASTER.username, MASTER.password, 'postgres')).toBe(MASTER.username);
  });

  test('a secret whose username is not the role is refused', async () => {
    await sm.send(
      new PutSecretValueCommand({
        SecretId: arns.keycloak,
        SecretString: appSecret('keycloak', 'someone_else'),
      }),
    );

    const res = await send(event('Create', [app('keycloak')]));

    expect(res).toMatchObject({
      Status: 'FAILED',
      Reason: 'The secret of keycloak has username "someone_else"; expected the role name "keycloak"',
    });
  });
});

describe('the Lambda bundle', () => {
  test('bundled as the construct bundles it, it handles a Create event', async () => {
    // Inside the repository, so the bundle resolves the AWS SDK from node_modules as the runtime provides it.
    const dir = join(
      __dirname,
      '..',
      '..',
      '..',
      'node_modules',
      '.cache',
      `goldenpath-provisioner-${process.pid}`,
    );
    mkdirSync(dir, { recursive: true });
    try {
      const outfile = join(dir, 'index.js');
      buildSync({
        entryPoints: [
          join(
            __dirname,
            '..',
            '..',
            '..',
            '..',
            'constructs',
            'runtime',
            'database-provisioner',
            'handler.ts',
          ),
        ],
        bundle: true,
        platform: 'node',
        target: PROVISIONER_BUNDLING.target,
        external: PROVISIONER_BUNDLING.externalModules,
        minify: PROVISIONER_BUNDLING.minify,
        outfile,
        logLevel: 'silent',
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bundle = require(outfile) as { createHandler: typeof createHandler };

      const res = await bundle.createHandler(() => deps())(event('Create', TWO_APPS()));

      expect(res).toMatchObject({
        Status: 'SUCCESS',
        Reason: 'created role keycloak, database keycloak, role backstage, database backstage',
      });
      expect(received).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
