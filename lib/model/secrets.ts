import type { EnvironmentConfig } from './config';
import { secretName } from './naming';

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
 * The generated app secrets. The app definitions in `tiers/` declare the same list
 * (`generatedSecretsOf` in `tiers/catalogue.ts`); a test holds the two equal.
 */
export const GENERATED_SECRETS: readonly GeneratedSecretSpec[] = [
  { id: 'keycloak/admin', app: 'keycloak', key: 'admin-password' },
  { id: 'backstage/secrets', app: 'backstage', key: 'token' },
  // Single sign-on (tier 3, lib/model/sso.ts): one secret per OIDC client of the realm, and the
  // acceptance user's password. The realm import and each consumer read them through External Secrets.
  { id: 'oidc/argocd', app: 'oidc-config', key: 'client-secret' },
  { id: 'oidc/backstage', app: 'oidc-config', key: 'client-secret' },
  { id: 'oidc/grafana', app: 'oidc-config', key: 'client-secret' },
  { id: 'oidc/goldenpath-acceptance', app: 'oidc-config', key: 'client-secret' },
  { id: 'oidc/acceptance-user', app: 'oidc-config', key: 'password' },
];

/**
 * Every app secret of an environment (DESIGN §7): the generated app secrets, plus one
 * `<app>/postgres` secret per configured app database.
 */
export function platformSecrets(config: EnvironmentConfig): PlatformSecret[] {
  const generated: PlatformSecret[] = GENERATED_SECRETS.map((s) => ({
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
  return [...generated, ...databases];
}
