import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { ARGOCD_NAMESPACE } from '../../lib/model/kubernetes';
import {
  ACCEPTANCE_USER,
  OIDC_CLIENTS,
  OIDC_CLIENT_SECRET_KEY,
  type OidcClient,
  REALM,
  SSO_APP,
  SSO_GROUPS,
  redirectUri,
} from '../../lib/model/sso';
import { VERSIONS } from '../../lib/model/versions';
import { httpOk } from '../acceptance';
import { type TierContext, kubernetesSecretName } from '../context';
import { PERSISTENT_ONLY } from '../definition';
import { ARGOCD_ADMIN, argocdAdminSecret, argocdAdminStep, deliverSecret } from '../sso';
import { KEYCLOAK_ADMIN, KEYCLOAK_URL } from './keycloak';
import { oidcLoginStep } from './oidc-login';
import { tier3App } from './tier';

const NAMESPACE = 'keycloak';

/** The realm's clients, in the order the realm lists them. */
const CLIENTS: readonly OidcClient[] = [
  OIDC_CLIENTS.argocd,
  OIDC_CLIENTS.backstage,
  OIDC_CLIENTS.grafana,
  OIDC_CLIENTS.acceptance,
];

/** The environment variable of the import Job that holds client `c`'s secret: `OIDC_ARGOCD_SECRET`. */
export function clientSecretEnv(c: OidcClient): string {
  return `OIDC_${c.clientId.toUpperCase().replace(/-/g, '_')}_SECRET`;
}

/** The import Job's variable holding the acceptance user's password. */
export const ACCEPTANCE_PASSWORD_ENV = 'OIDC_ACCEPTANCE_USER_PASSWORD';

/** keycloak-config-cli's substitution of environment variable `name` (`import.var-substitution`). */
const fromEnv = (name: string) => `$(env:${name})`;

/** Puts the user's groups (names, not paths) in ID tokens, access tokens and userinfo, as `groups`. */
const GROUPS_MAPPER = {
  name: 'groups',
  protocol: 'openid-connect',
  protocolMapper: 'oidc-group-membership-mapper',
  config: {
    'claim.name': 'groups',
    'full.path': 'false',
    'id.token.claim': 'true',
    'access.token.claim': 'true',
    'userinfo.token.claim': 'true',
  },
};

/**
 * The realm as keycloak-config-cli imports it: the groups, one confidential OIDC client per UI with
 * its one exact redirect URI on the host suffix, the acceptance client (password grant only; its ID
 * tokens also name the `argocd` audience, so ArgoCD's API takes them) and the acceptance user.
 * Every secret is a `$(env:...)` reference the import Job fills from External Secrets; none is here.
 *
 * @see https://github.com/adorsys/keycloak-config-cli#variable-substitution
 */
export function realmJson(context: TierContext): Record<string, unknown> {
  const suffix = context.bootstrap.hostSuffix;
  const client = (c: OidcClient) => {
    const redirect = redirectUri(c, suffix);
    return {
      clientId: c.clientId,
      protocol: 'openid-connect',
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      secret: fromEnv(clientSecretEnv(c)),
      standardFlowEnabled: redirect !== undefined,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: redirect === undefined,
      serviceAccountsEnabled: false,
      redirectUris: redirect ? [redirect] : [],
      webOrigins: redirect ? [new URL(redirect).origin] : [],
      protocolMappers:
        redirect !== undefined
          ? [GROUPS_MAPPER]
          : [
              GROUPS_MAPPER,
              {
                name: 'argocd-audience',
                protocol: 'openid-connect',
                protocolMapper: 'oidc-audience-mapper',
                config: {
                  'included.client.audience': OIDC_CLIENTS.argocd.clientId,
                  'id.token.claim': 'true',
                  'access.token.claim': 'false',
                },
              },
            ],
    };
  };
  return {
    realm: REALM,
    enabled: true,
    sslRequired: 'external',
    groups: Object.values(SSO_GROUPS).map((name) => ({ name })),
    clients: CLIENTS.map(client),
    users: [
      {
        username: ACCEPTANCE_USER.username,
        enabled: true,
        email: `${ACCEPTANCE_USER.username}@${suffix}`,
        emailVerified: true,
        firstName: 'Goldenpath',
        lastName: 'Acceptance',
        requiredActions: [],
        credentials: [{ type: 'password', value: fromEnv(ACCEPTANCE_PASSWORD_ENV), temporary: false }],
        groups: [`/${ACCEPTANCE_USER.group}`],
      },
    ],
  };
}

/** The import Job's secret variables: each client's secret and the acceptance user's password. */
function secretEnv(scope: Construct): Record<string, kplus.EnvValue> {
  const fromSecret = (secretId: string, key: string) =>
    kplus.EnvValue.fromSecretValue({
      secret: kplus.Secret.fromSecretName(scope, `Secret-${secretId}`, kubernetesSecretName(secretId)),
      key,
    });
  return {
    KEYCLOAK_PASSWORD: fromSecret(KEYCLOAK_ADMIN.id, KEYCLOAK_ADMIN.key),
    ...Object.fromEntries(
      CLIENTS.map((c) => [clientSecretEnv(c), fromSecret(c.secretId, OIDC_CLIENT_SECRET_KEY)]),
    ),
    [ACCEPTANCE_PASSWORD_ENV]: fromSecret(ACCEPTANCE_USER.secretId, ACCEPTANCE_USER.key),
  };
}

/**
 * The realm in a ConfigMap, the keycloak-config-cli Job (a Sync hook) that applies it, and the
 * secrets namespace `argocd` needs: the `argocd` client's (labelled for ArgoCD's `$secret:key`
 * references), the acceptance client's and user's (for the tier 3 acceptance Job there), and the
 * break-glass admin password's hash in `argocd-secret`.
 */
function realmJob(scope: Construct, context: TierContext): void {
  const realm = new kplus.ConfigMap(scope, 'Realm', {
    metadata: { name: 'oidc-config-realm', namespace: NAMESPACE },
    data: { 'goldenpath.json': JSON.stringify(realmJson(context), null, 2) },
  });
  const job = new kplus.Job(scope, 'Job', {
    metadata: { name: 'oidc-config', namespace: NAMESPACE },
    activeDeadline: Duration.minutes(10),
    backoffLimit: 2,
    automountServiceAccountToken: false,
    securityContext: { user: 65534, group: 65534, ensureNonRoot: true },
    containers: [
      {
        name: 'keycloak-config-cli',
        image: VERSIONS.images.keycloakConfigCli,
        securityContext: { user: 65534, group: 65534, ensureNonRoot: true, readOnlyRootFilesystem: false },
        envVariables: {
          KEYCLOAK_URL: kplus.EnvValue.fromValue(KEYCLOAK_URL),
          KEYCLOAK_USER: kplus.EnvValue.fromValue('admin'),
          KEYCLOAK_AVAILABILITYCHECK_ENABLED: kplus.EnvValue.fromValue('true'),
          IMPORT_FILES_LOCATIONS: kplus.EnvValue.fromValue('/config/*'),
          IMPORT_VARSUBSTITUTION_ENABLED: kplus.EnvValue.fromValue('true'),
          ...secretEnv(scope),
        },
        volumeMounts: [{ path: '/config', volume: kplus.Volume.fromConfigMap(scope, 'RealmVolume', realm) }],
      },
    ],
  });
  ApiObject.of(job).metadata.addAnnotation('argocd.argoproj.io/hook', 'Sync');
  ApiObject.of(job).metadata.addAnnotation('argocd.argoproj.io/hook-delete-policy', 'BeforeHookCreation');
  deliverSecret(scope, context, {
    secretId: OIDC_CLIENTS.argocd.secretId,
    namespace: ARGOCD_NAMESPACE,
    secretLabels: { 'app.kubernetes.io/part-of': 'argocd' },
  });
  for (const secretId of [OIDC_CLIENTS.acceptance.secretId, ACCEPTANCE_USER.secretId]) {
    deliverSecret(scope, context, { secretId, namespace: ARGOCD_NAMESPACE });
  }
  argocdAdminSecret(scope, context);
}

/**
 * The secrets the Foundation generates for single sign-on: each client's, the acceptance user's
 * password, and ArgoCD's break-glass admin password (its local accounts stay, for when Keycloak is down).
 */
const SSO_SECRETS = [
  ...CLIENTS.map((c) => ({ id: c.secretId, key: OIDC_CLIENT_SECRET_KEY })),
  { id: ACCEPTANCE_USER.secretId, key: ACCEPTANCE_USER.key },
  ARGOCD_ADMIN,
];

/**
 * The OIDC configuration (tier 3, wave 201): keycloak-config-cli applies realm `goldenpath` as a
 * Sync hook Job on every sync, so the realm always matches this code.
 */
export const oidcConfig = tier3App({
  name: SSO_APP,
  wave: 201,
  namespace: NAMESPACE,
  chart: 'raw',
  needs: [],
  // ArgoCD's admin password reaches `argocd` only, as the hash in `argocd-secret`: no copy in `keycloak`.
  secrets: [KEYCLOAK_ADMIN.id, ...SSO_SECRETS.filter((s) => s !== ARGOCD_ADMIN).map((s) => s.id)],
  deliversSecrets: [ARGOCD_ADMIN.id],
  generatedSecrets: SSO_SECRETS,
  lifecycles: PERSISTENT_ONLY,
  summary: 'Realm `goldenpath` applied by keycloak-config-cli',
  objects: realmJob,
  acceptance: [
    {
      id: 'keycloak-realm',
      description: 'Keycloak realm goldenpath answers',
      remedy:
        'kubectl -n keycloak logs job/oidc-config; kubectl -n keycloak logs statefulset/keycloak-keycloakx',
      script: httpOk(`${KEYCLOAK_URL}/realms/${REALM}`),
    },
    argocdAdminStep,
    oidcLoginStep(),
  ],
});
