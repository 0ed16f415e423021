import type { CatalogueEntry } from './catalogue';

/**
 * Single sign-on through Keycloak (tier 3): the one definition of the realm, its groups, its
 * clients and their generated secrets, which the realm import (`tiers/tier3/oidc-config.ts`),
 * ArgoCD's install (`constructs/cluster/argocd.ts`), both Grafanas and Backstage all read. SSO
 * exists only where the gating selected `SSO_APP` (persistent clusters at tier 3); every other
 * cluster keeps its local admin accounts only.
 */

/** The catalogue app that applies the realm; SSO is on exactly where it is selected. */
export const SSO_APP = 'oidc-config';

/** The realm every platform UI signs in with. */
export const REALM = 'goldenpath';

/** The realm's groups, and what each grants in the platform UIs (README "Logging in"). */
export const SSO_GROUPS = {
  admins: 'platform-admins',
  editors: 'platform-editors',
  viewers: 'platform-viewers',
} as const;

/** The JSON key of every client secret the Foundation generates (`goldenpath/<env>/oidc/<client>`). */
export const OIDC_CLIENT_SECRET_KEY = 'client-secret';

/** An OIDC client of the realm: its id, its generated secret, and its exact redirect URI. */
export interface OidcClient {
  readonly clientId: string;
  /** Foundation secret id (`oidc/<clientId>`), key `client-secret`. */
  readonly secretId: string;
  /** The service whose host (`<service>.<hostSuffix>`) the client redirects to. @default - none (no browser flow) */
  readonly service?: string;
  /** The path of the redirect URI on that host. @default - none */
  readonly callback?: string;
}

const client = (clientId: string, service?: string, callback?: string): OidcClient => ({
  clientId,
  secretId: `oidc/${clientId}`,
  service,
  callback,
});

/**
 * The realm's clients. `acceptance` has no browser flow: the tier 3 acceptance Job uses it (password
 * grant, confidential) to sign in the acceptance user, and its ID tokens carry the `argocd`
 * audience so that ArgoCD's API accepts them.
 */
export const OIDC_CLIENTS = {
  argocd: client('argocd', 'argocd', '/auth/callback'),
  backstage: client('backstage', 'backstage', '/api/auth/oidc/handler/frame'),
  grafana: client('grafana', 'grafana', '/login/generic_oauth'),
  acceptance: client('goldenpath-acceptance'),
} as const satisfies Record<string, OidcClient>;

/** The realm user the tier 3 acceptance Job signs in as (a viewer); its password is generated. */
export const ACCEPTANCE_USER = {
  username: 'goldenpath-acceptance',
  secretId: 'oidc/acceptance-user',
  key: 'password',
  group: SSO_GROUPS.viewers,
} as const;

/** The exact redirect URI of `c` on a cluster with `hostSuffix` (never a wildcard). */
export function redirectUri(c: OidcClient, hostSuffix: string): string | undefined {
  return c.service && c.callback ? `https://${c.service}.${hostSuffix}${c.callback}` : undefined;
}

/** The realm's issuer as browsers and token verifiers see it: `https://keycloak.<hostSuffix>/realms/goldenpath`. */
export function issuerUrl(hostSuffix: string): string {
  return `https://keycloak.${hostSuffix}/realms/${REALM}`;
}

/** Whether the gating selected the realm import, so SSO is on. */
export function ssoSelected(selected: readonly Pick<CatalogueEntry, 'name'>[]): boolean {
  return selected.some((e) => e.name === SSO_APP);
}
