import type { WorkloadIdentity } from '../../lib/model/catalogue';
import { webhookCaBundleDifferences } from '../application';
import { ALL_LIFECYCLES } from '../definition';
import { tier1App } from './tier';

/** Values of the external-secrets chart this app sets. */
export interface ExternalSecretsValues {
  readonly installCRDs: boolean;
  /** Kept on uninstall: deleting the CRDs deletes every ExternalSecret, and with it its Secret. */
  readonly crds: { readonly annotations: { readonly 'helm.sh/resource-policy': 'keep' } };
  /** The Foundation's IAM role reaches this account through EKS Pod Identity. */
  readonly serviceAccount: { readonly name: string };
  readonly webhook: { readonly create: boolean };
}

const IDENTITY: WorkloadIdentity = { namespace: 'external-secrets', serviceAccount: 'external-secrets' };

/** External Secrets Operator (tier 1, wave 10), reading `goldenpath/<env>/*` through Pod Identity. */
export const externalSecrets = tier1App({
  name: 'external-secrets',
  wave: 10,
  namespace: IDENTITY.namespace,
  chart: 'externalSecrets',
  needs: ['iam'],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'External Secrets Operator (Pod Identity, reads `goldenpath/<env>/*`)',
  workloadIdentity: IDENTITY,
  values: (): ExternalSecretsValues => ({
    installCRDs: true,
    crds: { annotations: { 'helm.sh/resource-policy': 'keep' } },
    serviceAccount: { name: IDENTITY.serviceAccount },
    webhook: { create: true },
  }),
  // Its CRDs are larger than client-side apply's last-applied annotation allows (256 KiB).
  syncOptions: ['ServerSideApply=true'],
  ignoreDifferences: [
    ...webhookCaBundleDifferences(['ValidatingWebhookConfiguration']),
    {
      group: 'apiextensions.k8s.io',
      kind: 'CustomResourceDefinition',
      jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'],
    },
  ],
});
