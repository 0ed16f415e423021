import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import { httpOk } from '../acceptance';
import { KongPlugin } from '../crds/imports/configuration.konghq.com';
import { ALL_LIFECYCLES } from '../definition';
import { tier1App } from './tier';

/** Values of the kong chart this app sets (`extraObjects` are its `objects`). */
export interface KongValues {
  readonly env: { readonly database: 'off' };
  readonly ingressController: { readonly enabled: boolean; readonly ingressClass: string };
  readonly proxy: { readonly type: 'LoadBalancer'; readonly annotations: Record<string, string> };
  /**
   * The Admin API gets no Service and no Ingress: in DB-less mode it can replace every route. The
   * ingress controller reaches it on localhost inside the pod; people use `kubectl port-forward`.
   */
  readonly admin: { readonly enabled: false };
  /** Kong Manager (the admin GUI) gets no Service either. */
  readonly manager: { readonly enabled: false };
}

/** The proxy Service's in-cluster name (release `kong`). */
const PROXY_SERVICE = 'kong-kong-proxy';

/** Where tier 1 acceptance probes the proxy: the `healthz` route. */
export const KONG_HEALTHZ_URL = `http://${PROXY_SERVICE}.kong.svc.cluster.local/healthz`;

/** A request-termination route that answers 200 on the proxy's `/healthz`. */
function healthz(scope: Construct): void {
  new KongPlugin(scope, 'healthz-plugin', {
    metadata: { name: 'healthz' },
    plugin: 'request-termination',
    config: { status_code: 200, message: 'ok' },
  });
  new ApiObject(scope, 'healthz-ingress', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'healthz', annotations: { 'konghq.com/plugins': 'healthz' } },
    spec: {
      ingressClassName: INGRESS_CLASS,
      rules: [
        {
          http: {
            paths: [
              {
                path: '/healthz',
                pathType: 'Exact',
                backend: { service: { name: PROXY_SERVICE, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  });
}

/**
 * Kong, DB-less, proxy Service of type LoadBalancer on an internet-facing NLB (tier 1, wave 30).
 * A request-termination route answers `/healthz` on the proxy, which tier 1 acceptance probes.
 * Neither the Admin API nor Kong Manager is published (`kubectl -n kong port-forward deploy/kong-kong 8444`).
 */
export const kong = tier1App({
  name: 'kong',
  wave: 30,
  namespace: 'kong',
  chart: 'kong',
  needs: [],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'Kong ingress controller, DB-less, proxy on an internet-facing NLB',
  values: (): KongValues => ({
    env: { database: 'off' },
    ingressController: { enabled: true, ingressClass: INGRESS_CLASS },
    proxy: {
      type: 'LoadBalancer',
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      },
    },
    admin: { enabled: false },
    manager: { enabled: false },
  }),
  objects: healthz,
  // The KongPlugin CRD arrives in the same sync.
  syncOptions: ['SkipDryRunOnMissingResource=true'],
  acceptance: [
    {
      id: 'kong-healthz',
      description: 'kong proxy /healthz answers 200',
      remedy: 'kubectl -n kong get svc,pods; kubectl -n kong logs deploy/kong-kong',
      script: httpOk(KONG_HEALTHZ_URL),
    },
  ],
});
