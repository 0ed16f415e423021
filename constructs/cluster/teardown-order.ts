import { aws_eks_v2 as eks } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { PlatformCluster } from './platform-cluster';
import type { WorkloadIdentities } from './workload-identities';

/**
 * What the apps in a cluster need to remove their own cloud resources on delete: the workload
 * identities (Pod Identity associations, their roles and policies), the EKS add-ons (the EBS CSI
 * driver, the Pod Identity agent, networking) and the access entries. Everything that runs in
 * the cluster depends on all of it, so CloudFormation deletes the apps first and these last
 * (DESIGN §9); `test/lib/stacks/teardown-order.test.ts` proves it on the template.
 */
export function clusterPlumbing(platform: PlatformCluster, identities: WorkloadIdentities): IConstruct[] {
  const accessEntries = platform.cluster.node.findAll().filter((c) => c instanceof eks.AccessEntry);
  return [identities, ...Object.values(platform.addons), ...accessEntries];
}
