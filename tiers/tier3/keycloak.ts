import { stringify } from 'yaml';
import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import { host, ingressAnnotations, kubernetesSecretName } from '../context';
import { PERSISTENT_ONLY } from '../definition';
import { tier3App } from './tier';

/** Keycloak's in-cluster URL (release `keycloak`, chart keycloakx). */
export const KEYCLOAK_URL = 'http://keycloak-keycloakx-http.keycloak.svc.cluster.local';

/** The generated admin password: secret `keycloak/admin`, key `admin-password`. */
export const KEYCLOAK_ADMIN = { id: 'keycloak/admin', key: 'admin-password' } as const;

const DATABASE = 'keycloak/postgres';

/**
 * Keycloak (codecentric keycloakx) on the platform database (tier 3, wave 200). The admin password
 * is `goldenpath/<env>/keycloak/admin` key `admin-password`; the database is
 * `goldenpath/<env>/keycloak/postgres`; both arrive through ExternalSecrets.
 */
export const keycloak = tier3App({
  name: 'keycloak',
  wave: 200,
  namespace: 'keycloak',
  chart: 'keycloakx',
  needs: ['database', 'appSecrets'],
  secrets: [KEYCLOAK_ADMIN.id, DATABASE],
  generatedSecrets: [KEYCLOAK_ADMIN],
  lifecycles: PERSISTENT_ONLY,
  summary: 'Keycloak on the platform database',
  values: (context) => {
    const keycloakHost = host(context, 'keycloak');
    const db = kubernetesSecretName(DATABASE);
    const fromSecret = (name: string, secret: string, key: string) => ({
      name,
      valueFrom: { secretKeyRef: { name: secret, key } },
    });
    const env = [
      { name: 'KC_HOSTNAME', value: `https://${keycloakHost}` },
      { name: 'KC_BOOTSTRAP_ADMIN_USERNAME', value: 'admin' },
      fromSecret('KC_BOOTSTRAP_ADMIN_PASSWORD', kubernetesSecretName(KEYCLOAK_ADMIN.id), KEYCLOAK_ADMIN.key),
      { name: 'KC_DB', value: 'postgres' },
      fromSecret('KC_DB_URL_HOST', db, 'host'),
      fromSecret('KC_DB_URL_PORT', db, 'port'),
      fromSecret('KC_DB_URL_DATABASE', db, 'dbname'),
      fromSecret('KC_DB_USERNAME', db, 'username'),
      fromSecret('KC_DB_PASSWORD', db, 'password'),
      { name: 'KC_DB_URL_PROPERTIES', value: '?sslmode=require' },
    ];
    return {
      command: ['/opt/keycloak/bin/kc.sh', 'start', '--http-port=8080'],
      http: { relativePath: '/' },
      // The chart sets KC_PROXY_HEADERS and KC_HTTP_ENABLED from these (never in extraEnv too).
      proxy: { enabled: true, mode: 'xforwarded', http: { enabled: true } },
      // keycloakx takes extraEnv as a YAML string (it is templated).
      extraEnv: stringify(env),
      ingress: {
        enabled: true,
        ingressClassName: INGRESS_CLASS,
        annotations: ingressAnnotations(context),
        rules: [{ host: keycloakHost, paths: [{ path: '/', pathType: 'Prefix' }] }],
        tls: [{ secretName: 'keycloak-tls', hosts: [keycloakHost] }],
      },
    };
  },
});
