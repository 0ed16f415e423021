import { Chart } from 'cdk8s';
import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import type { Construct } from 'constructs';
import { PlatformApplication } from '../application';
import { type AppChartProps, host, ingressAnnotations, kubernetesSecretName } from '../context';

/**
 * Grafana on the platform database (tier 2, wave 102), at `grafana.<hostSuffix>`, with Prometheus
 * and Loki as data sources. Credentials come from `goldenpath/<env>/grafana/postgres`.
 */
export class GrafanaPostgresqlChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { context } = props;
    const grafanaHost = host(context, 'grafana');
    const secret = kubernetesSecretName('grafana/postgres');
    const fromSecret = (name: string, key: string) =>
      [name, { secretKeyRef: { name: secret, key } }] as const;
    const values = {
      envValueFrom: Object.fromEntries([
        fromSecret('DB_HOST', 'host'),
        fromSecret('DB_PORT', 'port'),
        fromSecret('DB_NAME', 'dbname'),
        fromSecret('DB_USER', 'username'),
        fromSecret('DB_PASSWORD', 'password'),
      ]),
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
    new PlatformApplication(this, 'Application', { ...props, values });
  }
}
