import { Chart } from 'cdk8s';
import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import type { Construct } from 'constructs';
import { PlatformApplication } from '../application';
import type { AppChartProps } from '../context';

/** Let's Encrypt ACME directories. @see https://letsencrypt.org/docs/staging-environment/ */
export const ACME_SERVERS = {
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
  'letsencrypt-prod': 'https://acme-v02.api.letsencrypt.org/directory',
} as const;

/** ClusterIssuers `selfsigned`, `letsencrypt-staging`, `letsencrypt-prod` (tier 1, wave 25), HTTP-01 through kong. */
export class ClusterIssuersChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const issuer = (name: string, spec: object) => ({
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name },
      spec,
    });
    const resources = [
      issuer('selfsigned', { selfSigned: {} }),
      ...Object.entries(ACME_SERVERS).map(([name, server]) =>
        issuer(name, {
          acme: {
            server,
            privateKeySecretRef: { name: `${name}-account-key` },
            solvers: [{ http01: { ingress: { ingressClassName: INGRESS_CLASS } } }],
          },
        }),
      ),
    ];
    new PlatformApplication(this, 'Application', { ...props, values: { resources } });
  }
}
