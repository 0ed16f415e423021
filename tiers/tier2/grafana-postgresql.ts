import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import { httpJson } from '../acceptance';
import {
  GRAFANA_ADMIN_SECRET,
  grafanaAdminValues,
  host,
  ingressAnnotations,
  kubernetesSecretName,
} from '../context';
import { ALL_LIFECYCLES } from '../definition';
import { generatedPassword } from '../generated-password';
import { grafanaSso, grafanaSsoObjects } from '../sso';
import { tier2App } from './tier';

/** Where tier 2 acceptance asks Grafana about its database (release `grafana-postgresql`). */
export const GRAFANA_POSTGRESQL_HEALTH_URL = 'http://grafana-postgresql.grafana.svc.cluster.local/api/health';

const SECRET = 'grafana/postgres';
const NAMESPACE = 'grafana';

/**
 * Grafana on the platform database (tier 2, wave 102), at `grafana.<hostSuffix>`, with Prometheus
 * and Loki as data sources. Credentials come from `goldenpath/<env>/grafana/postgres`; the admin
 * password is generated in the cluster (Secret `grafana/grafana-admin`). It serves
 * `grafana.<hostSuffix>`, so on a cluster with tier 3 it signs in through the Keycloak realm.
 */
export const grafanaPostgresql = tier2App({
  name: 'grafana-postgresql',
  wave: 102,
  namespace: NAMESPACE,
  chart: 'grafana',
  needs: ['database', 'appSecrets'],
  secrets: [SECRET],
  objects: (scope, context) => {
    generatedPassword(scope, GRAFANA_ADMIN_SECRET);
    grafanaSsoObjects(scope, context, NAMESPACE, true);
  },
  lifecycles: ALL_LIFECYCLES,
  summary: 'Grafana on the platform database',
  values: (context) => {
    const grafanaHost = host(context, 'grafana');
    const fromSecret = (name: string, key: string) =>
      [name, { secretKeyRef: { name: kubernetesSecretName(SECRET), key } }] as const;
    const sso = grafanaSso(context, true);
    return {
      ...grafanaAdminValues(),
      envValueFrom: {
        ...Object.fromEntries([
          fromSecret('DB_HOST', 'host'),
          fromSecret('DB_PORT', 'port'),
          fromSecret('DB_NAME', 'dbname'),
          fromSecret('DB_USER', 'username'),
          fromSecret('DB_PASSWORD', 'password'),
        ]),
        ...sso?.env,
      },
      'grafana.ini': {
        server: { root_url: `https://${grafanaHost}` },
        database: {
          type: 'postgres',
          host: '$__env{DB_HOST}:$__env{DB_PORT}',
          name: '$__env{DB_NAME}',
          user: '$__env{DB_USER}',
          password: '$__env{DB_PASSWORD}',
          ssl_mode: 'require',
        },
        ...(sso && { 'auth.generic_oauth': sso.ini }),
      },
      datasources: {
        'datasources.yaml': {
          apiVersion: 1,
          datasources: [
            {
              name: 'Prometheus',
              type: 'prometheus',
              url: 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090',
              isDefault: true,
            },
            { name: 'Loki', type: 'loki', url: 'http://loki.loki.svc:3100' },
          ],
        },
      },
      ingress: {
        enabled: true,
        ingressClassName: INGRESS_CLASS,
        annotations: ingressAnnotations(context),
        hosts: [grafanaHost],
        tls: [{ secretName: 'grafana-tls', hosts: [grafanaHost] }],
      },
    };
  },
  acceptance: [
    {
      id: 'grafana-database',
      description: 'Grafana on PostgreSQL reports its database ok',
      remedy: 'kubectl -n grafana logs deploy/grafana-postgresql; check the grafana-postgres ExternalSecret',
      script: httpJson(GRAFANA_POSTGRESQL_HEALTH_URL, '.database == "ok"'),
    },
  ],
});
