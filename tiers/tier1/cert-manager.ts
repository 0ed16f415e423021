import { webhookCaBundleDifferences } from '../application';
import { ALL_LIFECYCLES } from '../definition';
import { tier1App } from './tier';

/** Values of the cert-manager chart this app sets. */
export interface CertManagerValues {
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly global: { readonly leaderElection: { readonly namespace: string } };
}

const NAMESPACE = 'cert-manager';

/** cert-manager with its CRDs (tier 1, wave 24). */
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
    crds: { enabled: true, keep: false },
    global: { leaderElection: { namespace: NAMESPACE } },
  }),
  // cainjector writes the webhooks' CA bundles after sync.
  ignoreDifferences: webhookCaBundleDifferences([
    'MutatingWebhookConfiguration',
    'ValidatingWebhookConfiguration',
  ]),
});
