import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { ClientBase } from 'pg';
import { type AppDatabase, appDatabaseProblems, quoteIdentifier } from '../../../lib/model/database-names';

/** An app database with the password its role must have (from the app's secret). */
export interface AppDatabaseWithPassword extends AppDatabase {
  readonly password: string;
}

/** What one provisioning run changed; a run that changes nothing returns empty lists. */
export interface ProvisionResult {
  readonly created: string[];
  readonly updated: string[];
}

export interface ProvisionOptions {
  /** Whether `role` can already log in to `database` with `password` (then it is not reset). */
  readonly canLogin: (role: string, password: string, database: string) => Promise<boolean>;
}

/**
 * Brings every app's role and database to the configured state, idempotently: creates what is
 * missing, corrects what differs (LOGIN, CREATEDB, password, owner, privileges) and never drops
 * anything. `client` is connected as the RDS master user.
 *
 * Every name is checked (`appDatabaseProblems`) before the first statement and quoted with
 * `quoteIdentifier`; values go as bind parameters. The one exception PostgreSQL forces is the
 * role password, which `CREATE/ALTER ROLE` only takes as a literal: the provisioner sends a
 * SCRAM-SHA-256 verifier computed here (so the plain password is never in SQL, nor in the
 * `log_statement=ddl` log), quoted by node-postgres' `escapeLiteral`.
 */
export async function provisionDatabases(
  client: ClientBase,
  apps: readonly AppDatabaseWithPassword[],
  options: ProvisionOptions,
): Promise<ProvisionResult> {
  const problems = [...appDatabaseProblems(apps), ...passwordProblems(apps)];
  if (problems.length > 0) throw new Error(`Refusing to provision databases:\n${problems.join('\n')}`);
  const result: ProvisionResult = { created: [], updated: [] };
  for (const app of apps) await provisionOne(client, app, options, result);
  return result;
}

async function provisionOne(
  client: ClientBase,
  a: AppDatabaseWithPassword,
  options: ProvisionOptions,
  result: ProvisionResult,
): Promise<void> {
  const role = quoteIdentifier(a.roleName);
  const db = quoteIdentifier(a.databaseName);
  const createDb = a.createDb ? 'CREATEDB' : 'NOCREATEDB';
  const password = () => client.escapeLiteral(scramSha256Verifier(a.password));

  const existing = await client.query<{ rolcanlogin: boolean; rolcreatedb: boolean }>(
    'SELECT rolcanlogin, rolcreatedb FROM pg_roles WHERE rolname = $1',
    [a.roleName],
  );
  if (existing.rowCount === 0) {
    await client.query(`CREATE ROLE ${role} LOGIN ${createDb} PASSWORD ${password()}`);
    result.created.push(`role ${a.roleName}`);
  } else {
    const r = existing.rows[0];
    if (!r.rolcanlogin || r.rolcreatedb !== a.createDb) {
      await client.query(`ALTER ROLE ${role} LOGIN ${createDb}`);
      result.updated.push(`role ${a.roleName} (LOGIN ${createDb})`);
    }
    if (!(await options.canLogin(a.roleName, a.password, a.databaseName))) {
      await client.query(`ALTER ROLE ${role} PASSWORD ${password()}`);
      result.updated.push(`password of role ${a.roleName}`);
    }
  }

  // A non-superuser (the RDS master user) may only create a database owned by a role it is a member of.
  const member = await client.query<{ member: boolean }>(
    `SELECT pg_has_role(current_user, $1, 'MEMBER') AS member`,
    [a.roleName],
  );
  if (!member.rows[0].member) await client.query(`GRANT ${role} TO CURRENT_USER`);

  const database = await client.query<{ owner: string; acl: string | null }>(
    'SELECT pg_get_userbyid(datdba) AS owner, datacl::text AS acl FROM pg_database WHERE datname = $1',
    [a.databaseName],
  );
  if (database.rowCount === 0) {
    await client.query(`CREATE DATABASE ${db} OWNER ${role}`);
    result.created.push(`database ${a.databaseName}`);
  } else if (database.rows[0].owner !== a.roleName) {
    await client.query(`ALTER DATABASE ${db} OWNER TO ${role}`);
    result.updated.push(`owner of database ${a.databaseName} (was ${database.rows[0].owner})`);
  }

  // Only the owning role may connect: apps do not see each other's databases.
  const aclBefore = database.rowCount === 0 ? undefined : database.rows[0].acl;
  await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
  await client.query(`GRANT ALL PRIVILEGES ON DATABASE ${db} TO ${role}`);
  const aclAfter = await client.query<{ acl: string | null }>(
    'SELECT datacl::text AS acl FROM pg_database WHERE datname = $1',
    [a.databaseName],
  );
  if (aclBefore !== undefined && aclBefore !== aclAfter.rows[0].acl)
    result.updated.push(`privileges on database ${a.databaseName}`);
}

/** Passwords the provisioner accepts: what a login can send (no control characters), 8 to 1024 characters. */
export function passwordProblems(apps: readonly AppDatabaseWithPassword[]): string[] {
  return apps.flatMap((a) =>
    typeof a.password !== 'string' ||
    a.password.length < 8 ||
    a.password.length > 1024 ||
    /[\u0000-\u001f\u007f]/.test(a.password)
      ? [
          `${a.app}: the password in its secret must be 8 to 1024 characters without control characters (value not shown)`,
        ]
      : [],
  );
}

/**
 * SASLprep (RFC 4013) as node-postgres and libpq apply it to a password before SCRAM: non-ASCII
 * spaces become spaces, characters mapped to nothing go, then NFKC. The verifier must be computed
 * from the same bytes clients will hash.
 */
function saslprep(password: string): string {
  return password
    .replace(/[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u00ad\u034f\u1806\u180b-\u180d\u200c\u200d\u2060\ufe00-\ufe0f\ufeff]/g, '')
    .normalize('NFKC');
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5803 format, as
 * `password_encryption = scram-sha-256` would compute it), with a fresh random salt.
 *
 * @see https://www.postgresql.org/docs/15/catalog-pg-authid.html
 */
export function scramSha256Verifier(
  password: string,
  salt: Buffer = randomBytes(16),
  iterations = 4096,
): string {
  const salted = pbkdf2Sync(saslprep(password), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
