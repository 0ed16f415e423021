import type { Construct } from 'constructs';
import { ARGOCD_NAMESPACE } from '../lib/model/kubernetes';
import { OIDC_CLIENTS, OIDC_CLIENT_SECRET_KEY, SSO_GROUPS, issuerUrl, ssoSelected } from '../lib/model/sso';
import { UserInputError } from '../lib/model/errors';
import type { AcceptanceStep } from './acceptance';
import { TIER_LABEL } from './application';
import { CLUSTER_SECRET_STORE, type TierContext, kubernetesSecretName } from './context';
import {
  ExternalSecret,
  ExternalSecretSpecRefreshPolicy,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
} from './crds/imports/external-secrets.io';

/** Whether this cluster signs in through the Keycloak realm (tier 3 selected). */
export function ssoEnabled(context: TierContext): boolean {
  return ssoSelected(context.selected);
}

/** Where a Foundation secret is copied to: a namespace, and labels for the Secret made there. */
export interface SecretDelivery {
  readonly secretId: string;
  readonly namespace: string;
  /** Labels of the Kubernetes Secret (ArgoCD reads only Secrets labelled part-of argocd). @default - none */
  readonly secretLabels?: { readonly [key: string]: string };
}

/**
 * An ExternalSecret that copies Foundation secret `secretId` into `namespace` as Secret
 * `kubernetesSecretName(secretId)`, for a consumer outside the reading app's namespace (the
 * cluster-secret-store app copies each app's `secrets` into the app's own namespace only). The
 * value goes from Secrets Manager to the Secret; no manifest holds it.
 */
export function deliverSecret(scope: Construct, context: TierContext, delivery: SecretDelivery): void {
  const name = kubernetesSecretName(delivery.secretId);
  new ExternalSecret(scope, `${delivery.namespace}-${name}`, {
    metadata: { name, namespace: delivery.namespace, labels: { [TIER_LABEL]: '3' } },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: STORE_REF,
      target: {
        name,
        creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
        ...(delivery.secretLabels && { template: { metadata: { labels: { ...delivery.secretLabels } } } }),
      },
      dataFrom: [{ extract: { key: foundationSecret(scope, context, delivery.secretId) } }],
    },
  });
}

const STORE_REF = {
  kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
  name: CLUSTER_SECRET_STORE,
};

/** The Secrets Manager name of Foundation secret `secretId`, or a clear error naming the allowed ones. */
function foundationSecret(scope: Construct, context: TierContext, secretId: string): string {
  const key = context.secretNames[secretId];
  if (!key) {
    throw new UserInputError(
      'Unknown secret',
      [
        `secretId: received ${secretId}; allowed: the Foundation's secrets (${Object.keys(context.secretNames).join(', ')})`,
      ],
      scope,
    );
  }
  return key;
}

/** ArgoCD's break-glass admin password where SSO is on: Foundation secret `argocd/admin`. */
export const ARGOCD_ADMIN = { id: 'argocd/admin', key: 'admin-password' } as const;

/** The ExternalSecret in `argocd` that writes the password's hash into `argocd-secret`. */
const ARGOCD_ADMIN_EXTERNAL_SECRET = 'argocd-admin';

/**
 * What External Secrets writes to `admin.password` of `argocd-secret`: the bcrypt hash ArgoCD
 * expects, made by sprig's `bcrypt` in template engine v2 (the key has a dash, hence `index`).
 *
 * @see https://external-secrets.io/latest/guides/templating/
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/#local-usersaccounts
 */
export const ARGOCD_ADMIN_PASSWORD_TEMPLATE = `{{ index . "${ARGOCD_ADMIN.key}" | bcrypt }}`;

/**
 * The ExternalSecret that sets ArgoCD's break-glass `admin` password from `goldenpath/<env>/argocd/admin`:
 * it merges `admin.password` (a bcrypt hash, never the password) into the chart's `argocd-secret`
 * (`creationPolicy: Merge`: the Secret stays the chart's, its other keys untouched). bcrypt salts
 * each hash, so a periodic refresh would rewrite the Secret every hour; `refreshPolicy: OnChange`
 * writes it when the ExternalSecret changes only (a rotation is picked up with the
 * `force-sync` annotation, see README "Logging in").
 */
export function argocdAdminSecret(scope: Construct, context: TierContext): void {
  new ExternalSecret(scope, 'argocd-admin', {
    metadata: {
      name: ARGOCD_ADMIN_EXTERNAL_SECRET,
      namespace: ARGOCD_NAMESPACE,
      labels: { [TIER_LABEL]: '3' },
    },
    spec: {
      refreshPolicy: ExternalSecretSpecRefreshPolicy.ON_CHANGE,
      secretStoreRef: STORE_REF,
      target: {
        name: 'argocd-secret',
        creationPolicy: ExternalSecretSpecTargetCreationPolicy.MERGE,
        template: {
          engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
          data: { 'admin.password': ARGOCD_ADMIN_PASSWORD_TEMPLATE },
        },
      },
      dataFrom: [{ extract: { key: foundationSecret(scope, context, ARGOCD_ADMIN.id) } }],
    },
  });
}

/**
 * The tier 3 acceptance step that the break-glass password reached ArgoCD: the ExternalSecret
 * `argocd-admin` in `argocd` is Ready, so its hash is in `argocd-secret`. It is checked after
 * the sync, not before: no other namespace has a copy a PreSync check could find Ready.
 */
export const argocdAdminStep: AcceptanceStep = {
  id: 'argocd-admin',
  description: `ArgoCD's break-glass admin password hash is in ${ARGOCD_NAMESPACE}/argocd-secret`,
  remedy: `kubectl -n ${ARGOCD_NAMESPACE} describe externalsecret ${ARGOCD_ADMIN_EXTERNAL_SECRET}; check that the Foundation has goldenpath/<env>/${ARGOCD_ADMIN.id}: npm run preflight -- --env <env>`,
  script: `kubectl wait --for=condition=Ready externalsecret/${ARGOCD_ADMIN_EXTERNAL_SECRET} -n ${ARGOCD_NAMESPACE} --timeout=60s`,
  reads: [{ apiGroup: 'external-secrets.io', resource: 'externalsecrets' }],
};

/** The Secret, in the consumer's namespace, that holds the client secret of OIDC client `secretId`. */
export function clientSecretRef(secretId: string): { readonly name: string; readonly key: string } {
  return { name: kubernetesSecretName(secretId), key: OIDC_CLIENT_SECRET_KEY };
}

/**
 * Grafana's role from the realm's groups (JMESPath over the ID token / userinfo claims). No group
 * gives no role, and `role_attribute_strict` then refuses the sign-in.
 */
export const GRAFANA_ROLE_ATTRIBUTE_PATH =
  `contains(groups[*], '${SSO_GROUPS.admins}') && 'Admin'` +
  ` || contains(groups[*], '${SSO_GROUPS.editors}') && 'Editor'` +
  ` || contains(groups[*], '${SSO_GROUPS.viewers}') && 'Viewer'`;

/**
 * A Grafana's generic OAuth sign-in through the realm (`grafana` client), or `undefined` without
 * SSO or for a Grafana that does not serve `grafana.<hostSuffix>` (the client's one redirect URI).
 * The client secret reaches Grafana as `GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET` from Secret
 * `oidc-grafana` (see {@link grafanaSsoObjects}); the form login stays for the break-glass `admin`.
 *
 * @see https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/keycloak/
 */
export function grafanaSso(
  context: TierContext,
  servesHost: boolean,
):
  | {
      readonly ini: Record<string, unknown>;
      readonly env: Record<string, { secretKeyRef: { name: string; key: string } }>;
    }
  | undefined {
  if (!ssoEnabled(context) || !servesHost) return undefined;
  const oidc = `${issuerUrl(context.bootstrap.hostSuffix)}/protocol/openid-connect`;
  return {
    ini: {
      enabled: true,
      name: 'Keycloak',
      allow_sign_up: true,
      client_id: OIDC_CLIENTS.grafana.clientId,
      scopes: 'openid email profile',
      auth_url: `${oidc}/auth`,
      token_url: `${oidc}/token`,
      api_url: `${oidc}/userinfo`,
      use_pkce: true,
      login_attribute_path: 'preferred_username',
      email_attribute_path: 'email',
      name_attribute_path: 'name',
      groups_attribute_path: 'groups',
      role_attribute_path: GRAFANA_ROLE_ATTRIBUTE_PATH,
      role_attribute_strict: true,
    },
    env: {
      GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: clientSecretRef(OIDC_CLIENTS.grafana.secretId) },
    },
  };
}

/** The ExternalSecret of the Grafana in `namespace` that `grafanaSso` signs in (nothing otherwise). */
export function grafanaSsoObjects(
  scope: Construct,
  context: TierContext,
  namespace: string,
  servesHost: boolean,
): void {
  if (grafanaSso(context, servesHost)) {
    deliverSecret(scope, context, { secretId: OIDC_CLIENTS.grafana.secretId, namespace });
  }
}
