import { Chart } from 'cdk8s';
import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import type { Construct } from 'constructs';
import { stringify } from 'yaml';
import { PlatformApplication } from '../application';
import { type AppChartProps, host, ingressAnnotations, kubernetesSecretName } from '../context';

/**
 * Keycloak (codecentric keycloakx) on the platform database (tier 3, wave 200). The admin password
 * is `goldenpath/<env>/keycloak/admin` key `admin-password`; the database is
 * `goldenpath/<env>/keycloak/postgres`; both arrive through ExternalSecrets.
 */
export class KeycloakChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { context } = props;
    const keycloakHost = host(context, 'keycloak');
    const db = kubernetesSecretName('keycloak/postgres');
    const fromSecret = (name: string, secret: string, key: string) => ({
      name,
      valueFrom: { secretKeyRef: { name: secret, key } },
    });
    const env = [
      { name: 'KC_HOSTNAME', value: `https://${keycloakHost}` },
      { name: 'KC_PROXY_HEADERS', value: 'xforwarded' },
      { name: 'KC_HTTP_ENABLED', value: 'true' },
      { name: 'KC_BOOTSTRAP_ADMIN_USERNAME', value: 'admin' },
      fromSecret('KC_BOOTSTRAP_ADMIN_PASSWORD', kubernetesSecretName('keycloak/admin'), 'admin-password'),
      { name: 'KC_DB', value: 'postgres' },
      fromSecret('KC_DB_URL_HOST', db, 'host'),
      fromSecret('KC_DB_URL_PORT', db, 'port'),
      fromSecret('KC_DB_URL_DATABASE', db, 'dbname'),
      fromSecret('KC_DB_USERNAME', db, 'username'),
      fromSecret('KC_DB_PASSWORD', db, 'password'),
      { name: 'KC_DB_URL_PROPERTIES', value: '?sslmode=require' },
    ];
    const values = {
      command: ['/opt/keycloak/bin/kc.sh', 'start', '--http-port=8080'],
      http: { relativePath: '/' },
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
    new PlatformApplication(this, 'Application', { ...props, values });
  }
}
