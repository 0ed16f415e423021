import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PlatformApplication, webhookCaBundleDifferences } from '../application';
import type { AppChartProps } from '../context';

/** Values of the cert-manager chart this app sets. */
export interface CertManagerValues {
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly global: { readonly leaderElection: { readonly namespace: string } };
}

/** cert-manager with its CRDs (tier 1, wave 24). */
export class CertManagerChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const values: CertManagerValues = {
      crds: { enabled: true, keep: false },
      global: { leaderElection: { namespace: props.entry.namespace } },
    };
    new PlatformApplication(this, 'Application', {
      ...props,
      values,
      // cainjector writes the webhooks' CA bundles after sync.
      ignoreDifferences: [
        ...webhookCaBundleDifferences(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']),
      ],
    });
  }
}
