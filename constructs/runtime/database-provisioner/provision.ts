import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { ClientBase } from 'pg';
import { type AppDatabase, appDatabaseProblems, quoteIdentifier } from '../../../lib/model/database-names';
import { type ExistingState, checkOwnership, roleMarker } from './ownership';

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
 * missing, corrects what differs (LOGIN, CREATEDB, password, privileges) and never drops
 * anything. It never gives an app a role or database that exists and is not the app's own
 * (`checkOwnership`, run for every app before the first change). `client` is connected as the RDS
 * master user.
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
  const existing = await checkOwnership(client, apps);
  const result: ProvisionResult = { created: [], updated: [] };
  for (const app of apps) await provisionOne(client, app, existing.get(app.app)!, options, result);
  return result;
}

async function provisionOne(
  client: ClientBase,
  a: AppDatabaseWithPassword,
  existing: ExistingState,
  options: ProvisionOptions,
  result: ProvisionResult,
): Promise<void> {
  const role = quoteIdentifier(a.roleName);
  const db = quoteIdentifier(a.databaseName);
  const createDb = a.createDb ? 'CREATEDB' : 'NOCREATEDB';
  const password = () => client.escapeLiteral(scramSha256Verifier(a.password));

  const marker = client.escapeLiteral(roleMarker(a.app));
  const r = existing.role;
  if (!r) {
    // One transaction: a role never exists without the marker that says whose it is.
    await client.query('BEGIN');
    try {
      await client.query(`CREATE ROLE ${role} LOGIN ${createDb} PASSWORD ${password()}`);
      await client.query(`COMMENT ON ROLE ${role} IS ${marker}`);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
    result.created.push(`role ${a.roleName}`);
  } else {
    if (r.marker === null) {
      // Made before markers, and it owns this app's database (`checkOwnership`): mark it.
      await client.query(`COMMENT ON ROLE ${role} IS ${marker}`);
      result.updated.push(`marker of role ${a.roleName}`);
    }
    if (!r.canLogin || r.createDb !== a.createDb) {
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

  // An existing database is this role's (`checkOwnership`); ownership is never moved here.
  if (!existing.database) {
    await client.query(`CREATE DATABASE ${db} OWNER ${role}`);
    result.created.push(`database ${a.databaseName}`);
  }

  // Only the owning role may connect: apps do not see each other's databases.
  const aclBefore = existing.database?.acl;
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
