import type { ClientBase } from 'pg';
import { escapeLiteral } from 'pg';
import { appDatabaseProblems, quoteIdentifier } from '../../../../lib/model/database-names';
import {
  type AppDatabaseWithPassword,
  provisionDatabases,
  scramSha256Verifier,
} from '../../../../constructs/runtime/database-provisioner/provision';

/** A client that records every statement and never talks to a server. */
function recordingClient(): { client: ClientBase; statements: string[] } {
  const statements: string[] = [];
  const client = {
    escapeLiteral,
    query: (text: string) => {
      statements.push(text);
      return Promise.resolve({ rowCount: 0, rows: [] });
    },
  } as unknown as ClientBase;
  return { client, statements };
}

const keycloak: AppDatabaseWithPassword = {
  app: 'keycloak',
  databaseName: 'keycloak',
  roleName: 'keycloak',
  createDb: false,
  password: 'a-long-password',
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

  test('accepts the default apps', () => {
    expect(
      appDatabaseProblems([
        { app: 'keycloak', databaseName: 'keycloak', roleName: 'keycloak', createDb: false },
        { app: 'backstage', databaseName: 'backstage', roleName: 'backstage', createDb: true },
      ]),
    ).toEqual([]);
  });
});

describe('provisionDatabases', () => {
  test.each([
    [
      { databaseName: 'x; drop database postgres' },
      'apps[0] ("keycloak").databaseName: received "x; drop database postgres"; expected a database name matching ^[a-z][a-z0-9_]{2,62}$',
    ],
    [
      { roleName: 'KEYCLOAK' },
      'apps[0] ("keycloak").roleName: received "KEYCLOAK"; expected a role name matching ^[a-z][a-z0-9_]{0,62}$ (at most 63 characters)',
    ],
    [
      { password: 'short' },
      'keycloak: the password in its secret must be 8 to 1024 characters without control characters (value not shown)',
    ],
    [
      { password: 'line\nbreak-password' },
      'keycloak: the password in its secret must be 8 to 1024 characters without control characters (value not shown)',
    ],
  ])('%j sends no statement at all', async (override, problem) => {
    const { client, statements } = recordingClient();

    await expect(
      provisionDatabases(client, [{ ...keycloak, ...override }], { canLogin: () => Promise.resolve(true) }),
    ).rejects.toThrow(`Refusing to provision databases:\n${problem}`);
    expect(statements).toEqual([]);
  });

  test('the password reaches SQL only as a SCRAM verifier literal', async () => {
    const { client, statements } = recordingClient();
    const password = "'; DROP ROLE postgres; --";

    await provisionDatabases(client, [{ ...keycloak, password }], {
      canLogin: () => Promise.resolve(false),
    }).catch(() => undefined);

    const create = statements.find((s) => s.startsWith('CREATE ROLE'));
    expect(create).toMatch(
      /^CREATE ROLE "keycloak" LOGIN NOCREATEDB PASSWORD 'SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+'$/,
    );
    expect(statements.join('\n')).not.toContain('DROP ROLE');
  });
});

describe('scramSha256Verifier', () => {
  test('is the RFC 5803 form PostgreSQL stores, deterministic for a given salt', () => {
    const salt = Buffer.from('0123456789abcdef');
    expect(scramSha256Verifier('pencil', salt)).toBe(scramSha256Verifier('pencil', salt));
    expect(scramSha256Verifier('pencil', salt)).toMatch(
      /^SCRAM-SHA-256\$4096:MDEyMzQ1Njc4OWFiY2RlZg==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/,
    );
    expect(scramSha256Verifier('pencil')).not.toBe(scramSha256Verifier('pencil'));
  });
});
