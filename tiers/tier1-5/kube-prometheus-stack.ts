import { Chart } from 'cdk8s';
import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import type { Construct } from 'constructs';
import { PlatformApplication } from '../application';
import { type AppChartProps, host, ingressAnnotations, isSelected } from '../context';

const pvc = (size: string) => ({
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
});

/**
 * kube-prometheus-stack (tier 1.5, wave 50): Prometheus with 7-day retention on a PV, Alertmanager,
 * Grafana on SQLite, all on the default (gp3) storage class. Grafana answers at
 * `grafana.<hostSuffix>` unless tier 2's Grafana on PostgreSQL is selected, which then takes the name.
 */
export class KubePrometheusStackChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { context } = props;
    const grafanaHost = host(context, 'grafana');
    const values = {
      prometheus: {
        prometheusSpec: {
          retention: '7d',
          storageSpec: { volumeClaimTemplate: pvc('20Gi') },
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
        },
      },
      alertmanager: { alertmanagerSpec: { storage: { volumeClaimTemplate: pvc('2Gi') } } },
      grafana: {
        persistence: { enabled: true, size: '5Gi' },
        'grafana.ini': { database: { type: 'sqlite3' }, server: { root_url: `https://${grafanaHost}` } },
        ingress: {
          enabled: !isSelected(context, 'grafana-postgresql'),
          ingressClassName: INGRESS_CLASS,
          annotations: ingressAnnotations(context),
          hosts: [grafanaHost],
          tls: [{ secretName: 'grafana-tls', hosts: [grafanaHost] }],
        },
      },
    };
    new PlatformApplication(this, 'Application', {
      ...props,
      values,
      // Its CRDs are larger than client-side apply's last-applied annotation allows.
      syncOptions: ['ServerSideApply=true'],
    });
  }
}
