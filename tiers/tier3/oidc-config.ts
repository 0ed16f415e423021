import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { VERSIONS } from '../../lib/model/versions';
import { httpOk } from '../acceptance';
import { type TierContext, host, kubernetesSecretName } from '../context';
import { PERSISTENT_ONLY } from '../definition';
import { KEYCLOAK_ADMIN, KEYCLOAK_URL } from './keycloak';
import { tier3App } from './tier';

/** The realm every platform app signs in with. */
export const REALM = 'goldenpath';

const NAMESPACE = 'keycloak';

/** The realm as keycloak-config-cli imports it: one OIDC client per platform app, redirect URIs from the host suffix. */
export function realmJson(context: TierContext): Record<string, unknown> {
  const client = (clientId: string, service: string, callback: string) => ({
    clientId,
    protocol: 'openid-connect',
    publicClient: false,
    standardFlowEnabled: true,
    redirectUris: [`https://${host(context, service)}${callback}`],
    webOrigins: [`https://${host(context, service)}`],
  });
  return {
    realm: REALM,
    enabled: true,
    sslRequired: 'external',
    clients: [
      client('argocd', 'argocd', '/auth/callback'),
      client('backstage', 'backstage', '/api/auth/oidc/handler/frame'),
      client('grafana', 'grafana', '/login/generic_oauth'),
    ],
  };
}

/** The realm in a ConfigMap, and the keycloak-config-cli Job (a Sync hook) that applies it. */
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
          KEYCLOAK_PASSWORD: kplus.EnvValue.fromSecretValue({
            secret: kplus.Secret.fromSecretName(scope, 'Admin', kubernetesSecretName(KEYCLOAK_ADMIN.id)),
            key: KEYCLOAK_ADMIN.key,
          }),
          KEYCLOAK_AVAILABILITYCHECK_ENABLED: kplus.EnvValue.fromValue('true'),
          IMPORT_FILES_LOCATIONS: kplus.EnvValue.fromValue('/config/*'),
        },
        volumeMounts: [{ path: '/config', volume: kplus.Volume.fromConfigMap(scope, 'RealmVolume', realm) }],
      },
    ],
  });
  ApiObject.of(job).metadata.addAnnotation('argocd.argoproj.io/hook', 'Sync');
  ApiObject.of(job).metadata.addAnnotation('argocd.argoproj.io/hook-delete-policy', 'BeforeHookCreation');
}

/**
 * The OIDC configuration (tier 3, wave 201): keycloak-config-cli applies realm `goldenpath` as a
 * Sync hook Job on every sync, so the realm always matches this code.
 */
export const oidcConfig = tier3App({
  name: 'oidc-config',
  wave: 201,
  namespace: NAMESPACE,
  chart: 'raw',
  needs: [],
  secrets: [KEYCLOAK_ADMIN.id],
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
  ],
});
