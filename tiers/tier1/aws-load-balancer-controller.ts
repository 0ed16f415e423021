import type { WorkloadIdentity } from '../../lib/model/catalogue';
import { webhookCaBundleDifferences } from '../application';
import { ALL_LIFECYCLES } from '../definition';
import { tier1App } from './tier';

/** Values of the aws-load-balancer-controller chart this app sets. */
export interface AwsLoadBalancerControllerValues {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly serviceAccount: { readonly name: string };
  /** Services of type LoadBalancer get an NLB only when they ask (kong does). */
  readonly enableServiceMutatorWebhook: boolean;
}

const IDENTITY: WorkloadIdentity = {
  namespace: 'kube-system',
  serviceAccount: 'aws-load-balancer-controller',
};

/** AWS Load Balancer Controller (tier 1, wave 22): cluster name and VPC from the bootstrap values. */
export const awsLoadBalancerController = tier1App({
  name: 'aws-load-balancer-controller',
  wave: 22,
  namespace: IDENTITY.namespace,
  chart: 'awsLoadBalancerController',
  needs: ['iam'],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'AWS Load Balancer Controller (NLB for kong)',
  workloadIdentity: IDENTITY,
  values: ({ bootstrap }): AwsLoadBalancerControllerValues => ({
    clusterName: bootstrap.clusterName,
    region: bootstrap.region,
    vpcId: bootstrap.vpcId,
    serviceAccount: { name: IDENTITY.serviceAccount },
    enableServiceMutatorWebhook: false,
  }),
  // The chart generates its webhook certificate on every render.
  ignoreDifferences: [
    ...webhookCaBundleDifferences(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']),
    { kind: 'Secret', name: 'aws-load-balancer-tls', jsonPointers: ['/data'] },
  ],
});
