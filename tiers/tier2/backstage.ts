import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import { OIDC_CLIENTS, issuerUrl } from '../../lib/model/sso';
import { httpOk } from '../acceptance';
import { type TierContext, host, ingressAnnotations, kubernetesSecretName, platformImage } from '../context';
import { PERSISTENT_ONLY } from '../definition';
import { clientSecretRef, deliverSecret, ssoEnabled } from '../sso';
import { tier2App } from './tier';

/** Where tier 2 acceptance probes Backstage (release `backstage`, its backend port). */
export const BACKSTAGE_URL = 'http://backstage.backstage.svc.cluster.local:7007/';

const SECRETS = ['backstage/postgres', 'backstage/secrets'];
const NAMESPACE = 'backstage';

/** The environment variable that carries the `backstage` client's secret into the app config. */
export const BACKSTAGE_OIDC_SECRET_ENV = 'AUTH_OIDC_CLIENT_SECRET';

/**
 * Backstage's sign-in through the realm (`backstage` client), on a cluster with tier 3: the OIDC
 * provider from the realm's discovery document, the client secret from Secret `oidc-backstage`
 * (an environment variable, never a value in the config), and users resolved to catalog User
 * entities named after the local part of their e-mail. The image must include
 * `@backstage/plugin-auth-backend-module-oidc-provider`.
 *
 * @see https://backstage.io/docs/auth/oidc
 */
function ssoAuth(context: TierContext): Record<string, unknown> {
  return {
    environment: 'production',
    // The OIDC provider keeps its login state in a session; the generated backend key signs it.
    session: { secret: '${token}' },
    providers: {
      oidc: {
        production: {
          metadataUrl: `${issuerUrl(context.bootstrap.hostSuffix)}/.well-known/openid-configuration`,
          clientId: OIDC_CLIENTS.backstage.clientId,
          clientSecret: `\${${BACKSTAGE_OIDC_SECRET_ENV}}`,
          prompt: 'auto',
          signIn: { resolvers: [{ resolver: 'emailLocalPartMatchingUserEntityName' }] },
        },
      },
    },
  };
}

/**
 * Backstage on the platform database (tier 2, wave 100). It reads `goldenpath/<env>/backstage/postgres`
 * and `goldenpath/<env>/backstage/secrets` (generated, key `token`) through their ExternalSecrets;
 * their keys become environment variables that the app config refers to. The image is the
 * project's own, from the environment's ECR repository `goldenpath/<env>/backstage`. On a cluster
 * with tier 3 it signs in through the Keycloak realm (see `ssoAuth`).
 */
export const backstage = tier2App({
  name: 'backstage',
  wave: 100,
  namespace: NAMESPACE,
  chart: 'backstage',
  needs: ['database', 'appSecrets'],
  secrets: SECRETS,
  generatedSecrets: [{ id: 'backstage/secrets', key: 'token' }],
  lifecycles: PERSISTENT_ONLY,
  summary: 'Backstage on the platform database',
  objects: (scope, context) => {
    if (ssoEnabled(context)) {
      deliverSecret(scope, context, { secretId: OIDC_CLIENTS.backstage.secretId, namespace: NAMESPACE });
    }
  },
  values: (context) => {
    const baseUrl = `https://${host(context, 'backstage')}`;
    const sso = ssoEnabled(context);
    return {
      backstage: {
        image: platformImage(context, 'backstage'),
        extraEnvVarsSecrets: SECRETS.map(kubernetesSecretName),
        ...(sso && {
          extraEnvVars: [
            {
              name: BACKSTAGE_OIDC_SECRET_ENV,
              valueFrom: { secretKeyRef: clientSecretRef(OIDC_CLIENTS.backstage.secretId) },
            },
          ],
        }),
        appConfig: {
          ...(sso && { auth: ssoAuth(context) }),
          app: { baseUrl },
          backend: {
            baseUrl,
            auth: { keys: [{ secret: '${token}' }] },
            database: {
              client: 'pg',
              connection: {
                host: '${host}',
                port: '${port}',
                user: '${username}',
                password: '${password}',
                ssl: { require: true, rejectUnauthorized: false },
              },
            },
          },
        },
      },
      postgresql: { enabled: false },
      ingress: {
        enabled: true,
        className: INGRESS_CLASS,
        host: host(context, 'backstage'),
        annotations: ingressAnnotations(context),
        tls: { enabled: true, secretName: 'backstage-tls' },
      },
    };
  },
  acceptance: [
    {
      id: 'backstage-200',
      description: 'Backstage answers 200',
      remedy: 'kubectl -n backstage logs deploy/backstage',
      script: httpOk(BACKSTAGE_URL),
    },
  ],
});
