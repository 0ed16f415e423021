import type { Construct } from 'constructs';
import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import { ClusterIssuer } from '../crds/imports/cert-manager.io';
import { ALL_LIFECYCLES } from '../definition';
import { tier1App } from './tier';

/** Let's Encrypt ACME directories. @see https://letsencrypt.org/docs/staging-environment/ */
export const ACME_SERVERS = {
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
  'letsencrypt-prod': 'https://acme-v02.api.letsencrypt.org/directory',
} as const;

/** `selfsigned`, then one ACME issuer per Let's Encrypt directory, solving HTTP-01 through kong. */
function issuers(scope: Construct): void {
  new ClusterIssuer(scope, 'selfsigned', { metadata: { name: 'selfsigned' }, spec: { selfSigned: {} } });
  for (const [name, server] of Object.entries(ACME_SERVERS)) {
    new ClusterIssuer(scope, name, {
      metadata: { name },
      spec: {
        acme: {
          server,
          privateKeySecretRef: { name: `${name}-account-key` },
          solvers: [{ http01: { ingress: { ingressClassName: INGRESS_CLASS } } }],
        },
      },
    });
  }
}

/** ClusterIssuers `selfsigned`, `letsencrypt-staging`, `letsencrypt-prod` (tier 1, wave 25), HTTP-01 through kong. */
export const clusterIssuers = tier1App({
  name: 'cluster-issuers',
  wave: 25,
  namespace: 'cert-manager',
  chart: 'raw',
  needs: [],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'ClusterIssuers `selfsigned`, `letsencrypt-staging`, `letsencrypt-prod` (HTTP-01 via kong)',
  objects: issuers,
});
