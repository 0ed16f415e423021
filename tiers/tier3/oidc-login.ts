import { ARGOCD_NAMESPACE } from '../../lib/model/kubernetes';
import { ACCEPTANCE_USER, OIDC_CLIENTS, OIDC_CLIENT_SECRET_KEY, REALM } from '../../lib/model/sso';
import { type AcceptanceStep, curlJson } from '../acceptance';
import { kubernetesSecretName } from '../context';
import { shellQuote } from '../hooks';
import { KEYCLOAK_URL } from './keycloak';

/** ArgoCD's API inside the cluster (release `argocd`; plain HTTP behind kong, `server.insecure`). */
export const ARGOCD_SERVER_URL = `http://argocd-server.${ARGOCD_NAMESPACE}.svc.cluster.local`;

/** The realm's token endpoint inside the cluster. */
export const KEYCLOAK_TOKEN_URL = `${KEYCLOAK_URL}/realms/${REALM}/protocol/openid-connect/token`;

/** The variables the step reads its credentials from (Secrets in `argocd`, from External Secrets). */
const CLIENT_SECRET_ENV = 'OIDC_ACCEPTANCE_CLIENT_SECRET';
const PASSWORD_ENV = 'OIDC_ACCEPTANCE_PASSWORD';

/**
 * The tier 3 acceptance step that proves sign-in end to end: the acceptance user gets an ID token
 * from the realm (password grant on the acceptance client), and ArgoCD's API, given it as a bearer
 * token, says the session is signed in by the realm and lists the Applications, which only the
 * `platform-viewers` group's role allows (`policy.default` grants nothing). The credentials come
 * from the Job's environment; the script holds none and prints neither them nor the token.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/developer-guide/api-docs/
 */
export function oidcLoginStep(): AcceptanceStep {
  const token = [
    'curl -fsS --max-time 10',
    '-d grant_type=password -d scope=openid',
    `-d client_id=${OIDC_CLIENTS.acceptance.clientId}`,
    `--data-urlencode "client_secret=$${CLIENT_SECRET_ENV}"`,
    `-d username=${ACCEPTANCE_USER.username}`,
    `--data-urlencode "password=$${PASSWORD_ENV}"`,
    shellQuote(KEYCLOAK_TOKEN_URL),
  ].join(' ');
  const argocd = (path: string, filter: string) =>
    curlJson(
      `curl -fsS --max-time 10 -H "Authorization: Bearer $token" ${shellQuote(`${ARGOCD_SERVER_URL}${path}`)}`,
      filter,
    );
  return {
    id: 'oidc-login',
    description: `a realm user signs in to ArgoCD's API with a token from realm ${REALM}`,
    remedy:
      'kubectl -n keycloak logs job/oidc-config; kubectl -n argocd logs deploy/argocd-server | grep -i oidc; check the ExternalSecrets in argocd (kubectl -n argocd get externalsecrets)',
    script: [
      // The response first, then its ID token: a refused grant or a missing token fails here.
      `response=$(${token})`,
      `token=$(printf '%s' "$response" | jq -er '.id_token // empty')`,
      '[ -n "$token" ]',
      argocd('/api/v1/session/userinfo', `.loggedIn == true and (.iss | endswith("/realms/${REALM}"))`),
      argocd('/api/v1/applications', '(.items // []) | length > 0'),
    ].join(' && '),
    secretEnv: {
      [CLIENT_SECRET_ENV]: {
        secret: kubernetesSecretName(OIDC_CLIENTS.acceptance.secretId),
        key: OIDC_CLIENT_SECRET_KEY,
      },
      [PASSWORD_ENV]: { secret: kubernetesSecretName(ACCEPTANCE_USER.secretId), key: ACCEPTANCE_USER.key },
    },
  };
}
