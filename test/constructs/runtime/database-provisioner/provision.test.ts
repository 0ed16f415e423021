import type { ClientBase } from 'pg';
import { escapeLiteral } from 'pg';
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
