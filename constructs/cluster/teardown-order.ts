import { Stack, aws_eks_v2 as eks } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ArgoCd } from './argocd';
import type { BuildSweeper } from './build-sweeper';
import type { BuildUninstall } from './build-uninstall';
import type { PlatformCluster } from './platform-cluster';
import type { WorkloadIdentities } from './workload-identities';

/**
 * What the apps in a cluster need to remove their own cloud resources on delete: the workload
 * identities (Pod Identity associations, their roles and policies), the EKS add-ons (the EBS CSI
 * driver, the Pod Identity agent, networking) and every access entry of the stack. Everything
 * that runs in the cluster depends on all of it, so CloudFormation deletes the apps first and
 * these last (DESIGN §9); `test/constructs/cluster/teardown-order.spec.ts` proves it on the template.
 */
export function clusterPlumbing(platform: PlatformCluster, identities: WorkloadIdentities): IConstruct[] {
  const accessEntries = Stack.of(platform)
    .node.findAll()
    .filter((c) => c instanceof eks.AccessEntry);
  return [identities, ...Object.values(platform.addons), ...accessEntries];
}

export interface TeardownParts {
  readonly platform: PlatformCluster;
  readonly identities: WorkloadIdentities;
  readonly argoCd: ArgoCd;
  /** @default - none (a persistent cluster) */
  readonly sweeper?: BuildSweeper;
  /** @default - none (a persistent cluster) */
  readonly uninstall?: BuildUninstall;
}

/**
 * Wires the delete order of a cluster stack (DESIGN §9). CloudFormation deletes a resource before
 * what it depends on, so on `cdk destroy` of a build:
 * 1. the uninstall (tiers 3 … 1, then what is left handed on), which depends on the bootstrap
 *    manifest and the ArgoCD chart;
 * 2. the bootstrap manifest, then the ArgoCD chart;
 * 3. the sweep, on which the bootstrap manifest depends, and which depends on the cluster;
 * 4. the plumbing: identities, add-ons, access entries (everything above depends on all of it);
 * 5. the cluster.
 * Call it once every part exists, since the plumbing includes every access entry of the stack.
 */
export function orderTeardown(parts: TeardownParts): void {
  const { argoCd } = parts;
  const plumbing = clusterPlumbing(parts.platform, parts.identities);
  argoCd.chart.node.addDependency(...plumbing);
  if (parts.sweeper) {
    const sweep = parts.sweeper.resource;
    // On the EKS cluster resource alone: the whole construct would put its kubectl provider in
    // series before the sweeper and lengthen the deploy chain.
    const cluster = parts.platform.cluster;
    sweep.node.addDependency(cluster.node.defaultChild ?? cluster, ...plumbing);
    argoCd.bootstrap.node.addDependency(sweep);
  }
  parts.uninstall?.resource.node.addDependency(argoCd.chart, argoCd.bootstrap, ...plumbing);
}
