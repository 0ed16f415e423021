import type { Catalogue } from './catalogue';
import type { EnvironmentConfig } from './config';
import { UserInputError } from './errors';
import { masterSecretPattern, secretName } from './naming';

/** JSON keys of every per-app database secret: the shape External Secrets consumers expect. */
export const APP_DATABASE_SECRET_KEYS = ['username', 'password', 'host', 'port', 'dbname', 'engine'] as const;

/** A Secrets Manager secret the Foundation owns and publishes in the contract. */
export interface PlatformSecret {
  /** Id inside the environment, also the contract key: `keycloak/admin`. */
  readonly id: string;
  /** Secrets Manager name: `goldenpath/<env>/<id>`. */
  readonly name: string;
  /** The platform app that consumes it. */
  readonly app: string;
  /** JSON keys the secret must carry (preflight checks them). */
  readonly keys: readonly string[];
  /** Who fills it: Secrets Manager generation, or the database provisioner. */
  readonly source: 'generated' | 'database';
}

/** A secret the Foundation generates for an app: one JSON key holding a random value. */
export interface GeneratedSecretSpec {
  /** Id inside the environment: `keycloak/admin`. */
  readonly id: string;
  /** The app that declares it (its definition in `tiers/`). */
  readonly app: string;
  /** The JSON key that holds the value: `admin-password`. */
  readonly key: string;
}

/**
 * Every app secret of an environment (DESIGN §7): the secrets the apps of `catalogue` declare
 * (`generatedSecrets` of their definitions in `tiers/`), sorted by id so that the order of the
 * Foundation's resources and contract parameters does not follow the catalogue's, plus one
 * `<app>/postgres` secret per configured app database, in config order.
 *
 * @throws UserInputError when a secret id is declared twice (by two apps, or by an app and a
 *   configured database) or lies under the RDS secrets no app may read
 */
export function platformSecrets(config: EnvironmentConfig, catalogue: Catalogue): PlatformSecret[] {
  const generated: PlatformSecret[] = [...catalogue.generatedSecrets]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => ({
      id: s.id,
      app: s.app,
      keys: [s.key],
      source: 'generated',
      name: secretName(config.name, s.id),
    }));
  const databases: PlatformSecret[] = (config.database?.apps ?? []).map((a) => ({
    id: `${a.app}/postgres`,
    app: a.app,
    keys: APP_DATABASE_SECRET_KEYS,
    source: 'database',
    name: secretName(config.name, `${a.app}/postgres`),
  }));
  const secrets = [...generated, ...databases];
  UserInputError.throwIfAny('Invalid app secrets', secretProblems(config, secrets));
  return secrets;
}

function secretProblems(config: EnvironmentConfig, secrets: readonly PlatformSecret[]): string[] {
  const rds = masterSecretPattern(config.name).slice(0, -'*'.length);
  const byId = new Map<string, PlatformSecret[]>();
  for (const s of secrets) byId.set(s.id, [...(byId.get(s.id) ?? []), s]);
  return [
    ...[...byId]
      .filter(([, same]) => same.length > 1)
      .map(
        ([id, same]) =>
          `secret "${id}" is declared ${same.length} times (${same.map((s) => `${s.source} for ${s.app}`).join(', ')}); each secret id is declared once, by one app definition or one database in config/environments.json`,
      ),
    ...secrets
      .filter((s) => s.name.startsWith(rds))
      .map(
        (s) =>
          `secret "${s.id}" (${s.source} for ${s.app}) is named ${s.name}, under ${rds}*, which holds the RDS secrets no app may read; choose an id under ${s.app}/`,
      ),
  ];
}
