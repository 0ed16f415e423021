import { DATABASE_NAME, ROLE_NAME } from './config-sections';
import { show } from './errors';

/** The provisioner's environment variable holding its properties for sync invocations (secret names, not ARNs). */
export const SYNC_PROPERTIES_ENV = 'PROVISIONER_SYNC_PROPERTIES';

/** One app's database and login role. */
export interface AppDatabase {
  readonly app: string;
  readonly databaseName: string;
  readonly roleName: string;
  readonly createDb: boolean;
}

/** The RDS master user of the platform database (its secret is `masterSecretName`). */
export const MASTER_USERNAME = 'goldenpath_admin';

/**
 * Database names an app may not take: PostgreSQL's own and RDS's. The provisioner would otherwise
 * make an app the owner of a database the platform runs on.
 */
const RESERVED_DATABASE = /^(postgres|template0|template1|rdsadmin)$/;

/**
 * Role names an app may not take: PostgreSQL's own (`pg_*`, `postgres`, `public`) and the RDS
 * administrative ones (`rds*`), which would let an app act as the platform.
 */
const RESERVED_ROLE = /^(pg_|rds)|^(postgres|public|none|current_user|session_user|current_role)$/;
const APP = /^[a-z][a-z0-9-]{1,30}$/;

/**
 * Checks every app's names before any SQL runs: the same rules as config validation at synth
 * (`DATABASE_NAME`, `ROLE_NAME`, no duplicates), plus reserved role and database names (the
 * master user's among them). Synth passes `MASTER_USERNAME`, the provisioner the master secret's. Returns one message per
 * problem, each naming the entry, the value and what is allowed; empty when all is well.
 */
export function appDatabaseProblems(apps: readonly AppDatabase[], masterUsername?: string): string[] {
  const problems: string[] = [];
  const seen = { app: new Set<string>(), databaseName: new Set<string>(), roleName: new Set<string>() };
  apps.forEach((a, i) => {
    const at = `apps[${i}] (${show(a.app)})`;
    if (typeof a.app !== 'string' || !APP.test(a.app)) {
      problems.push(
        `${at}.app: received ${show(a.app)}; expected 2-31 lower-case letters, digits or hyphens, starting with a letter`,
      );
    }
    if (typeof a.databaseName !== 'string' || !DATABASE_NAME.test(a.databaseName)) {
      problems.push(
        `${at}.databaseName: received ${show(a.databaseName)}; expected a database name matching ${DATABASE_NAME.source}`,
      );
    } else if (RESERVED_DATABASE.test(a.databaseName) || a.databaseName === masterUsername) {
      problems.push(
        `${at}.databaseName: received ${show(a.databaseName)}; reserved for PostgreSQL, RDS or the master user: choose another name`,
      );
    }
    if (typeof a.roleName !== 'string' || !ROLE_NAME.test(a.roleName)) {
      problems.push(
        `${at}.roleName: received ${show(a.roleName)}; expected a role name matching ${ROLE_NAME.source} (at most 63 characters)`,
      );
    } else if (RESERVED_ROLE.test(a.roleName) || a.roleName === masterUsername) {
      problems.push(
        `${at}.roleName: received ${show(a.roleName)}; reserved for PostgreSQL, RDS or the master user: choose another name`,
      );
    }
    if (typeof a.createDb !== 'boolean') {
      problems.push(`${at}.createDb: received ${show(a.createDb)}; expected true or false`);
    }
    for (const key of ['app', 'databaseName', 'roleName'] as const) {
      if (seen[key].has(a[key]))
        problems.push(`${at}.${key}: received ${show(a[key])}; each ${key} may appear once`);
      seen[key].add(a[key]);
    }
  });
  return problems;
}

/**
 * The provisioner's custom resource properties (`Custom::PlatformDatabases`), with the secrets
 * given as `secretOf` says: ARNs for CloudFormation, names for sync invocations.
 */
export function provisionerProperties<T>(
  masterSecret: T,
  apps: readonly AppDatabase[],
  secretOf: (app: AppDatabase) => T,
): {
  MasterSecretArn: T;
  Apps: { App: string; DatabaseName: string; RoleName: string; CreateDb: boolean; SecretArn: T }[];
} {
  return {
    MasterSecretArn: masterSecret,
    Apps: apps.map((a) => ({
      App: a.app,
      DatabaseName: a.databaseName,
      RoleName: a.roleName,
      CreateDb: a.createDb,
      SecretArn: secretOf(a),
    })),
  };
}

/**
 * Quotes a PostgreSQL identifier: `"name"`, with embedded double quotes doubled. Every identifier
 * in the provisioner's SQL goes through this, after `appDatabaseProblems` has accepted it.
 */
export function quoteIdentifier(name: string): string {
  // Runs inside the provisioner Lambda too, whose handler reports a plain Error in its response.
  // eslint-disable-next-line no-restricted-syntax
  if (name.length === 0 || name.includes('\0')) throw new Error(`Cannot quote identifier ${show(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}
