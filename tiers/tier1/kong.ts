import { Chart } from 'cdk8s';
import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import type { Construct } from 'constructs';
import { PlatformApplication } from '../application';
import { type AppChartProps, host, ingressAnnotations } from '../context';

/** Values of the kong chart this app sets. */
export interface KongValues {
  readonly env: { readonly database: 'off' };
  readonly ingressController: { readonly enabled: boolean; readonly ingressClass: string };
  readonly proxy: { readonly type: 'LoadBalancer'; readonly annotations: Record<string, string> };
  readonly admin: {
    readonly enabled: boolean;
    readonly http: { readonly enabled: boolean };
    readonly tls: { readonly enabled: boolean };
    readonly ingress: {
      readonly enabled: boolean;
      readonly ingressClassName: string;
      readonly hostname: string;
      readonly annotations: Record<string, string>;
      readonly tls: string;
    };
  };
  readonly extraObjects: readonly object[];
}

/**
 * Kong, DB-less, proxy Service of type LoadBalancer on an internet-facing NLB (tier 1, wave 30).
 * A request-termination route answers `/healthz` on the proxy, which tier 1 acceptance probes.
 */
export class KongChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { context } = props;
    const healthz = [
      {
        apiVersion: 'configuration.konghq.com/v1',
        kind: 'KongPlugin',
        metadata: { name: 'healthz' },
        plugin: 'request-termination',
        config: { status_code: 200, message: 'ok' },
      },
      {
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
                    backend: { service: { name: 'kong-kong-proxy', port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      },
    ];
    const values: KongValues = {
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
      admin: {
        enabled: true,
        http: { enabled: true },
        tls: { enabled: false },
        ingress: {
          enabled: true,
          ingressClassName: INGRESS_CLASS,
          hostname: host(context, 'kong-admin'),
          annotations: ingressAnnotations(context),
          tls: 'kong-admin-tls',
        },
      },
      extraObjects: healthz,
    };
    new PlatformApplication(this, 'Application', {
      ...props,
      values,
      // The KongPlugin CRD arrives in the same sync.
      syncOptions: ['SkipDryRunOnMissingResource=true'],
    });
  }
}
