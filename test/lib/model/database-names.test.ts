import {
  type AppDatabase,
  MASTER_USERNAME,
  appDatabaseProblems,
  provisionerProperties,
  quoteIdentifier,
} from '../../../lib/model/database-names';

const grafana: AppDatabase = {
  app: 'grafana',
  databaseName: 'grafana',
  roleName: 'grafana',
  createDb: false,
};

describe('quoteIdentifier', () => {
  test.each([
    ['keycloak', '"keycloak"'],
    ['a"b', '"a""b"'],
    ['x"; DROP DATABASE postgres; --', '"x""; DROP DATABASE postgres; --"'],
  ])('%j -> %s', (name, quoted) => {
    expect(quoteIdentifier(name)).toBe(quoted);
  });

  test('refuses what cannot be quoted', () => {
    expect(() => quoteIdentifier('a\0b')).toThrow('Cannot quote identifier "a\\u0000b"');
  });

  test('refuses the empty name', () => {
    expect(() => quoteIdentifier('')).toThrow('Cannot quote identifier ""');
  });
});

describe('appDatabaseProblems', () => {
  test('reports every problem of every entry, duplicates included', () => {
    const problems = appDatabaseProblems([
      { app: 'keycloak', databaseName: 'keycloak', roleName: 'keycloak', createDb: false },
      { app: 'Bad App', databaseName: 'kc', roleName: 'pg_monitor', createDb: 'yes' as unknown as boolean },
      { app: 'grafana', databaseName: 'keycloak', roleName: 'postgres', createDb: true },
    ]);

    expect(problems).toEqual([
      'apps[1] ("Bad App").app: received "Bad App"; expected 2-31 lower-case letters, digits or hyphens, starting with a letter',
      'apps[1] ("Bad App").databaseName: received "kc"; expected a database name matching ^[a-z][a-z0-9_]{2,62}$',
      'apps[1] ("Bad App").roleName: received "pg_monitor"; reserved for PostgreSQL, RDS or the master user: choose another name',
      'apps[1] ("Bad App").createDb: received "yes"; expected true or false',
      'apps[2] ("grafana").roleName: received "postgres"; reserved for PostgreSQL, RDS or the master user: choose another name',
      'apps[2] ("grafana").databaseName: received "keycloak"; each databaseName may appear once',
    ]);
  });

  test.each(['postgres', 'template0', 'template1', 'rdsadmin', 'goldenpath_admin'])(
    'database name %s is reserved for PostgreSQL, RDS or the master user',
    (name) => {
      expect(
        appDatabaseProblems(
          [{ app: 'grafana', databaseName: name, roleName: 'grafana', createDb: false }],
          'goldenpath_admin',
        ),
      ).toEqual([
        `apps[0] ("grafana").databaseName: received "${name}"; reserved for PostgreSQL, RDS or the master user: choose another name`,
      ]);
    },
  );

  test.each([
    'pg_monitor',
    'pg_read_all_data',
    'rds_superuser',
    'rdsadmin',
    'rdsrepladmin',
    'postgres',
    'public',
    'none',
    'current_user',
    'session_user',
    'current_role',
  ])('role name %s is reserved for PostgreSQL or RDS', (name) => {
    expect(appDatabaseProblems([{ ...grafana, roleName: name }], MASTER_USERNAME)).toEqual([
      `apps[0] ("grafana").roleName: received "${name}"; reserved for PostgreSQL, RDS or the master user: choose another name`,
    ]);
  });

  test('names that only contain a reserved word are allowed', () => {
    expect(
      appDatabaseProblems(
        [{ app: 'my-rds', databaseName: 'my_postgres', roleName: 'my_rds', createDb: false }],
        MASTER_USERNAME,
      ),
    ).toEqual([]);
  });

  test('the master user is reserved as whatever it is called: synth passes MASTER_USERNAME, the provisioner its secret’s', () => {
    const app = { ...grafana, databaseName: 'ops_admin', roleName: 'ops_admin' };
    expect(appDatabaseProblems([app], 'ops_admin')).toEqual([
      'apps[0] ("grafana").databaseName: received "ops_admin"; reserved for PostgreSQL, RDS or the master user: choose another name',
      'apps[0] ("grafana").roleName: received "ops_admin"; reserved for PostgreSQL, RDS or the master user: choose another name',
    ]);
    expect(appDatabaseProblems([{ ...grafana, roleName: MASTER_USERNAME }], MASTER_USERNAME)).toEqual([
      'apps[0] ("grafana").roleName: received "goldenpath_admin"; reserved for PostgreSQL, RDS or the master user: choose another name',
    ]);
  });

  test('a role name of 64 characters is refused (PostgreSQL keeps 63)', () => {
    const long = `r${'x'.repeat(63)}`;
    expect(appDatabaseProblems([{ ...grafana, roleName: long }])).toEqual([
      `apps[0] ("grafana").roleName: received "${long}"; expected a role name matching ^[a-z][a-z0-9_]{0,62}$ (at most 63 characters)`,
    ]);
    expect(appDatabaseProblems([{ ...grafana, roleName: long.slice(1) }])).toEqual([]);
  });

  test('fields of the wrong type or missing (the provisioner reads them from JSON) are named, never thrown on', () => {
    const entry = {
      app: undefined,
      databaseName: 5,
      roleName: null,
      createDb: 'false',
    } as unknown as AppDatabase;
    expect(appDatabaseProblems([entry])).toEqual([
      'apps[0] ((missing)).app: received (missing); expected 2-31 lower-case letters, digits or hyphens, starting with a letter',
      'apps[0] ((missing)).databaseName: received 5; expected a database name matching ^[a-z][a-z0-9_]{2,62}$',
      'apps[0] ((missing)).roleName: received null; expected a role name matching ^[a-z][a-z0-9_]{0,62}$ (at most 63 characters)',
      'apps[0] ((missing)).createDb: received "false"; expected true or false',
    ]);
  });

  test('a duplicate app or role is reported at each later entry', () => {
    expect(
      appDatabaseProblems([
        grafana,
        { ...grafana, databaseName: 'grafana_two' },
        { ...grafana, app: 'grafana-three', databaseName: 'grafana_three' },
      ]),
    ).toEqual([
      'apps[1] ("grafana").app: received "grafana"; each app may appear once',
      'apps[1] ("grafana").roleName: received "grafana"; each roleName may appear once',
      'apps[2] ("grafana-three").roleName: received "grafana"; each roleName may appear once',
    ]);
  });

  test('accepts the default apps', () => {
    expect(
      appDatabaseProblems([
        { app: 'keycloak', databaseName: 'keycloak', roleName: 'keycloak', createDb: false },
        { app: 'backstage', databaseName: 'backstage', roleName: 'backstage', createDb: true },
      ]),
    ).toEqual([]);
  });
});

describe('provisionerProperties', () => {
  test('one entry per app, in order, with the secret each app gets from secretOf', () => {
    const apps: AppDatabase[] = [
      grafana,
      { app: 'backstage', databaseName: 'backstage_db', roleName: 'backstage', createDb: true },
    ];
    expect(provisionerProperties('master-secret', apps, (a) => `goldenpath/dev/${a.app}/postgres`)).toEqual({
      MasterSecretArn: 'master-secret',
      Apps: [
        {
          App: 'grafana',
          DatabaseName: 'grafana',
          RoleName: 'grafana',
          CreateDb: false,
          SecretArn: 'goldenpath/dev/grafana/postgres',
        },
        {
          App: 'backstage',
          DatabaseName: 'backstage_db',
          RoleName: 'backstage',
          CreateDb: true,
          SecretArn: 'goldenpath/dev/backstage/postgres',
        },
      ],
    });
  });

  test('no apps: the master secret alone', () => {
    expect(provisionerProperties({ Ref: 'Master' }, [], () => ({ Ref: 'never' }))).toEqual({
      MasterSecretArn: { Ref: 'Master' },
      Apps: [],
    });
  });
});
