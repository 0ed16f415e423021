import type { ClientBase } from 'pg';
import { type AppDatabase, quoteIdentifier } from '../../../lib/model/database-names';

/**
 * The comment the provisioner puts on every role it creates: which app the role is. It is how a
 * later run tells the app's own role from one that only has the configured name.
 */
export function roleMarker(app: string): string {
  return `goldenpath app ${app}`;
}

/** What exists of one app before the provisioner changes anything. */
export interface ExistingState {
  readonly role?: {
    readonly canLogin: boolean;
    readonly createDb: boolean;
    /** The role's comment (`roleMarker` of the app it was made for), or null. */
    readonly marker: string | null;
  };
  readonly database?: { readonly owner: string; readonly acl: string | null };
}

/**
 * Reads what exists of every app and refuses, before the first change, to give an app anything
 * that is not already its own (a removed app's data is kept, and must stay out of reach of the
 * next app that picks its names):
 *
 * - an existing role is the app's if its comment is the app's `roleMarker`, or, for a role made
 *   before markers, if it owns the app's database;
 * - an existing database is the app's if the app's role owns it.
 *
 * Anything else is refused with what to do; nothing is ever re-assigned here. Handing data over
 * deliberately is an operator's act, done in SQL (the message says which statement).
 *
 * @returns what exists of each app, keyed by app name
 * @throws Error listing every app whose role or database belongs to someone else
 */
export async function checkOwnership(
  client: ClientBase,
  apps: readonly AppDatabase[],
): Promise<Map<string, ExistingState>> {
  const found = new Map<string, ExistingState>();
  const problems: string[] = [];
  for (const a of apps) {
    const roles = await client.query<{ canLogin: boolean; createDb: boolean; marker: string | null }>(
      `SELECT rolcanlogin AS "canLogin", rolcreatedb AS "createDb", shobj_description(oid, 'pg_authid') AS marker
         FROM pg_roles WHERE rolname = $1`,
      [a.roleName],
    );
    const databases = await client.query<{ owner: string; acl: string | null }>(
      'SELECT pg_get_userbyid(datdba) AS owner, datacl::text AS acl FROM pg_database WHERE datname = $1',
      [a.databaseName],
    );
    const state: ExistingState = { role: roles.rows[0], database: databases.rows[0] };
    found.set(a.app, state);
    const ownsDatabase = state.database?.owner === a.roleName;
    if (
      state.role &&
      state.role.marker !== roleMarker(a.app) &&
      !(state.role.marker === null && ownsDatabase)
    ) {
      const whose = state.role.marker ?? 'no goldenpath app (it was made outside the provisioner)';
      problems.push(
        `${a.app}: role ${quoteIdentifier(a.roleName)} already exists and belongs to ${whose}; nothing was changed. ` +
          `Choose another roleName, or hand the role over deliberately: COMMENT ON ROLE ${quoteIdentifier(a.roleName)} IS '${roleMarker(a.app)}'`,
      );
    } else if (state.database && !ownsDatabase) {
      problems.push(
        `${a.app}: database ${quoteIdentifier(a.databaseName)} already exists and is owned by role ${quoteIdentifier(state.database.owner)}, not ${quoteIdentifier(a.roleName)}; nothing was changed. ` +
          `Choose another databaseName, or hand the database over deliberately: ALTER DATABASE ${quoteIdentifier(a.databaseName)} OWNER TO ${quoteIdentifier(a.roleName)}`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`Refusing to provision databases:\n${problems.join('\n')}`);
  return found;
}
