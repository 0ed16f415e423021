import type { Tier } from '../lib/model/tier';
import { ARGOCD_NAMESPACE } from '../lib/model/kubernetes';
import { TIER_LABEL } from './application';
import { type HookStep, type ReadRule, type TierHookProps, shellQuote } from './hooks';

/** In-cluster URLs of what the acceptance checks probe (release name = Application name). */
export const ACCEPTANCE_URLS = {
  kongHealthz: 'http://kong-kong-proxy.kong.svc.cluster.local/healthz',
  prometheusTargets:
    'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090/api/v1/targets?state=active',
  grafanaSqliteHealth: 'http://kube-prometheus-stack-grafana.monitoring.svc.cluster.local/api/health',
  backstage: 'http://backstage.backstage.svc.cluster.local:7007/',
  grafanaPostgresHealth: 'http://grafana-postgresql.grafana.svc.cluster.local/api/health',
  keycloakRealm: 'http://keycloak-keycloakx-http.keycloak.svc.cluster.local/realms/goldenpath',
} as const;

const json = (url: string, filter: string) =>
  `curl -fsS --max-time 10 ${shellQuote(url)} | jq -e ${shellQuote(filter)}`;
const ok200 = (url: string) => `curl -fsS --max-time 10 -o /dev/null ${shellQuote(url)}`;

/** Acceptance of each tier after it synced (DESIGN §3), run as the PostSync hook of its last app. */
export const ACCEPTANCE: {
  readonly [T in Tier as `${T}`]: {
    readonly steps: readonly HookStep[];
    readonly reads: readonly ReadRule[];
  };
} = {
  '0': { steps: [], reads: [] },
  '1': {
    steps: [
      {
        id: 'tier-1-applications-healthy',
        description: 'every tier 1 Application is Healthy',
        remedy: `kubectl get applications -n ${ARGOCD_NAMESPACE} -l ${TIER_LABEL}=1`,
        script: `kubectl wait --for=jsonpath='{.status.health.status}'=Healthy applications.argoproj.io -n ${ARGOCD_NAMESPACE} -l ${TIER_LABEL}=1 --timeout=120s`,
      },
      {
        id: 'kong-healthz',
        description: 'kong proxy /healthz answers 200',
        remedy: 'kubectl -n kong get svc,pods; kubectl -n kong logs deploy/kong-kong',
        script: ok200(ACCEPTANCE_URLS.kongHealthz),
      },
    ],
    reads: [{ apiGroup: 'argoproj.io', resource: 'applications' }],
  },
  '1.5': {
    steps: [
      {
        id: 'prometheus-targets-up',
        description: 'every active Prometheus target is up',
        remedy:
          'open Prometheus /targets: kubectl -n monitoring port-forward svc/kube-prometheus-stack-prometheus 9090',
        script: json(
          ACCEPTANCE_URLS.prometheusTargets,
          '[.data.activeTargets[] | select(.health != "up")] | length == 0',
        ),
      },
      {
        id: 'grafana-health',
        description: 'Grafana /api/health is ok',
        remedy: 'kubectl -n monitoring logs deploy/kube-prometheus-stack-grafana',
        script: json(ACCEPTANCE_URLS.grafanaSqliteHealth, '.database == "ok"'),
      },
    ],
    reads: [],
  },
  '2': {
    steps: [
      {
        id: 'backstage-200',
        description: 'Backstage answers 200',
        remedy: 'kubectl -n backstage logs deploy/backstage',
        script: ok200(ACCEPTANCE_URLS.backstage),
      },
      {
        id: 'grafana-database',
        description: 'Grafana on PostgreSQL reports its database ok',
        remedy:
          'kubectl -n grafana logs deploy/grafana-postgresql; check the grafana-postgres ExternalSecret',
        script: json(ACCEPTANCE_URLS.grafanaPostgresHealth, '.database == "ok"'),
      },
    ],
    reads: [],
  },
  '3': {
    steps: [
      {
        id: 'keycloak-realm',
        description: 'Keycloak realm goldenpath answers',
        remedy:
          'kubectl -n keycloak logs job/oidc-config; kubectl -n keycloak logs statefulset/keycloak-keycloakx',
        script: ok200(ACCEPTANCE_URLS.keycloakRealm),
      },
    ],
    reads: [],
  },
};

/** The PostSync hook of `tier`, or `undefined` for a tier without acceptance checks. */
export function acceptanceHook(tier: Tier, namespace: string): TierHookProps | undefined {
  const { steps, reads } = ACCEPTANCE[`${tier}`];
  if (steps.length === 0) return undefined;
  return { tier, phase: 'PostSync', namespace, steps, reads };
}
