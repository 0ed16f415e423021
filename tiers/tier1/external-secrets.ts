import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PlatformApplication, webhookCaBundleDifferences } from '../application';
import type { AppChartProps } from '../context';

/** Values of the external-secrets chart this app sets. */
export interface ExternalSecretsValues {
  readonly installCRDs: boolean;
  /** The Foundation's IAM role reaches this account through EKS Pod Identity. */
  readonly serviceAccount: { readonly name: string };
  readonly webhook: { readonly create: boolean };
}

/** External Secrets Operator (tier 1, wave 10). */
export class ExternalSecretsChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const values: ExternalSecretsValues = {
      installCRDs: true,
      serviceAccount: { name: 'external-secrets' },
      webhook: { create: true },
    };
    new PlatformApplication(this, 'Application', {
      ...props,
      values,
      ignoreDifferences: [
        ...webhookCaBundleDifferences(['ValidatingWebhookConfiguration']),
        {
          group: 'apiextensions.k8s.io',
          kind: 'CustomResourceDefinition',
          jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'],
        },
      ],
    });
  }
}
