import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PlatformApplication, webhookCaBundleDifferences } from '../application';
import type { AppChartProps } from '../context';

/** Values of the aws-load-balancer-controller chart this app sets. */
export interface AwsLoadBalancerControllerValues {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly serviceAccount: { readonly name: string };
  /** Services of type LoadBalancer get an NLB only when they ask (kong does). */
  readonly enableServiceMutatorWebhook: boolean;
}

/** AWS Load Balancer Controller (tier 1, wave 22): cluster name and VPC from the bootstrap values. */
export class AwsLoadBalancerControllerChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const b = props.context.bootstrap;
    const values: AwsLoadBalancerControllerValues = {
      clusterName: b.clusterName,
      region: b.region,
      vpcId: b.vpcId,
      serviceAccount: { name: 'aws-load-balancer-controller' },
      enableServiceMutatorWebhook: false,
    };
    new PlatformApplication(this, 'Application', {
      ...props,
      values,
      // The chart generates its webhook certificate on every render.
      ignoreDifferences: [
        ...webhookCaBundleDifferences(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']),
        { kind: 'Secret', name: 'aws-load-balancer-tls', jsonPointers: ['/data'] },
      ],
    });
  }
}
