import { ApiObject, App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { VERSIONS } from '../../lib/model/versions';
import { ACCEPTANCE_URLS } from '../acceptance';
import { PlatformApplication } from '../application';
import { type AppChartProps, host, kubernetesSecretName } from '../context';

/** The realm every platform app signs in with. */
export const REALM = 'goldenpath';

/** The realm as keycloak-config-cli imports it: one OIDC client per platform app, redirect URIs from the host suffix. */
export function realmJson(props: AppChartProps): Record<string, unknown> {
  const client = (clientId: string, service: string, callback: string) => ({
    clientId,
    protocol: 'openid-connect',
    publicClient: false,
    standardFlowEnabled: true,
    redirectUris: [`https://${host(props.context, service)}${callback}`],
    webOrigins: [`https://${host(props.context, service)}`],
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

/**
 * The OIDC configuration (tier 3, wave 201): keycloak-config-cli applies realm `goldenpath` as a
 * Sync hook Job on every sync, so the realm always matches this code.
 */
export class OidcConfigChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const ns = props.entry.namespace;
    const scratch = new Chart(new App({ outdir: 'cdk8s.out' }), 'oidc-config', {
      disableResourceNameHashes: true,
    });
    const realm = new kplus.ConfigMap(scratch, 'Realm', {
      metadata: { name: 'oidc-config-realm', namespace: ns },
      data: { 'goldenpath.json': JSON.stringify(realmJson(props), null, 2) },
    });
    const job = new kplus.Job(scratch, 'Job', {
      metadata: { name: 'oidc-config', namespace: ns },
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
            KEYCLOAK_URL: kplus.EnvValue.fromValue(
              ACCEPTANCE_URLS.keycloakRealm.replace(`/realms/${REALM}`, ''),
            ),
            KEYCLOAK_USER: kplus.EnvValue.fromValue('admin'),
            KEYCLOAK_PASSWORD: kplus.EnvValue.fromSecretValue({
              secret: kplus.Secret.fromSecretName(scratch, 'Admin', kubernetesSecretName('keycloak/admin')),
              key: 'admin-password',
            }),
            KEYCLOAK_AVAILABILITYCHECK_ENABLED: kplus.EnvValue.fromValue('true'),
            IMPORT_FILES_LOCATIONS: kplus.EnvValue.fromValue('/config/*'),
          },
          volumeMounts: [
            { path: '/config', volume: kplus.Volume.fromConfigMap(scratch, 'RealmVolume', realm) },
          ],
        },
      ],
    });
    ApiObject.of(job).metadata.addAnnotation('argocd.argoproj.io/hook', 'Sync');
    ApiObject.of(job).metadata.addAnnotation('argocd.argoproj.io/hook-delete-policy', 'BeforeHookCreation');
    new PlatformApplication(this, 'Application', { ...props, values: { resources: scratch.toJson() } });
  }
}
