import { webhookCaBundleDifferences } from '../application';
import { ALL_LIFECYCLES } from '../definition';
import { tier1App } from './tier';

/** Values of the cert-manager chart this app sets. */
export interface CertManagerValues {
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly global: { readonly leaderElection: { readonly namespace: string } };
}

const NAMESPACE = 'cert-manager';

/** cert-manager with its CRDs, kept when the app is removed (tier 1, wave 24). */
export const certManager = tier1App({
  name: 'cert-manager',
  wave: 24,
  namespace: NAMESPACE,
  chart: 'certManager',
  needs: [],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'cert-manager with its CRDs',
  values: (): CertManagerValues => ({
    // Deleting the CRDs would delete every Certificate and Issuer with them: keep them on uninstall.
    crds: { enabled: true, keep: true },
    global: { leaderElection: { namespace: NAMESPACE } },
  }),
  // cainjector writes the webhooks' CA bundles after sync.
  ignoreDifferences: webhookCaBundleDifferences([
    'MutatingWebhookConfiguration',
    'ValidatingWebhookConfiguration',
  ]),
});
