import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import { httpJson } from '../acceptance';
import {
  GRAFANA_ADMIN_SECRET,
  type TierContext,
  grafanaAdminValues,
  host,
  ingressAnnotations,
  isSelected,
} from '../context';
import { generatedPassword } from '../generated-password';
import { ALL_LIFECYCLES } from '../definition';
import { grafanaSso, grafanaSsoObjects } from '../sso';
import { tier1_5App } from './tier';

const pvc = (size: string) => ({
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
});

/** In-cluster URLs tier 1.5 acceptance probes (release `kube-prometheus-stack`, namespace `monitoring`). */
export const KUBE_PROMETHEUS_STACK_URLS = {
  prometheusTargets:
    'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090/api/v1/targets?state=active',
  grafanaHealth: 'http://kube-prometheus-stack-grafana.monitoring.svc.cluster.local/api/health',
} as const;

/**
 * What EKS does not let Prometheus scrape, left out so that "every target up" can hold: the
 * control plane (controller manager, scheduler, etcd) is AWS's and not reachable from the nodes,
 * and EKS's kube-proxy serves its metrics on 127.0.0.1:10249 only.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/prometheus.html
 */
export const EKS_UNREACHABLE_TARGETS = {
  kubeControllerManager: { enabled: false },
  kubeScheduler: { enabled: false },
  kubeEtcd: { enabled: false },
  kubeProxy: { enabled: false },
} as const;

const NAMESPACE = 'monitoring';

/** This Grafana serves `grafana.<hostSuffix>` unless tier 2's Grafana on PostgreSQL runs. */
const servesGrafanaHost = (context: TierContext) => !isSelected(context, 'grafana-postgresql');

/**
 * kube-prometheus-stack (tier 1.5, wave 50): Prometheus with 7-day retention on a PV, Alertmanager,
 * Grafana on SQLite (admin password generated in the cluster, Secret `monitoring/grafana-admin`),
 * all on the default (gp3) storage class. Grafana answers at
 * `grafana.<hostSuffix>` unless tier 2's Grafana on PostgreSQL is selected, which then takes the name;
 * while it serves that name on a cluster with tier 3, it signs in through the Keycloak realm.
 */
export const kubePrometheusStack = tier1_5App({
  name: 'kube-prometheus-stack',
  wave: 50,
  namespace: NAMESPACE,
  chart: 'kubePrometheusStack',
  needs: [],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'Prometheus (7-day retention on a PV), Alertmanager, Grafana on SQLite',
  values: (context) => {
    const grafanaHost = host(context, 'grafana');
    const sso = grafanaSso(context, servesGrafanaHost(context));
    return {
      ...EKS_UNREACHABLE_TARGETS,
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
        ...grafanaAdminValues(),
        ...(sso && { envValueFrom: sso.env }),
        persistence: { enabled: true, size: '5Gi' },
        'grafana.ini': {
          database: { type: 'sqlite3' },
          server: { root_url: `https://${grafanaHost}` },
          ...(sso && { 'auth.generic_oauth': sso.ini }),
        },
        ingress: {
          enabled: servesGrafanaHost(context),
          ingressClassName: INGRESS_CLASS,
          annotations: ingressAnnotations(context),
          hosts: [grafanaHost],
          tls: [{ secretName: 'grafana-tls', hosts: [grafanaHost] }],
        },
      },
    };
  },
  objects: (scope, context) => {
    generatedPassword(scope, GRAFANA_ADMIN_SECRET);
    grafanaSsoObjects(scope, context, NAMESPACE, servesGrafanaHost(context));
  },
  // Its CRDs are larger than client-side apply's last-applied annotation allows.
  syncOptions: ['ServerSideApply=true'],
  acceptance: [
    {
      id: 'prometheus-targets-up',
      description: 'every active Prometheus target is up',
      remedy:
        'open Prometheus /targets: kubectl -n monitoring port-forward svc/kube-prometheus-stack-prometheus 9090',
      script: httpJson(
        KUBE_PROMETHEUS_STACK_URLS.prometheusTargets,
        '[.data.activeTargets[] | select(.health != "up")] | length == 0',
      ),
    },
    {
      id: 'grafana-health',
      description: 'Grafana /api/health is ok',
      remedy: 'kubectl -n monitoring logs deploy/kube-prometheus-stack-grafana',
      script: httpJson(KUBE_PROMETHEUS_STACK_URLS.grafanaHealth, '.database == "ok"'),
    },
  ],
});
