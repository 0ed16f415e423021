import { CustomResource, Duration, Stack, aws_eks_v2 as eks } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ARGOCD_NAMESPACE } from '../../lib/model/kubernetes';
import { SERVICE_TIMEOUT_MARGIN_SECONDS } from '../../lib/ops/teardown/deadlines';
import { TIER_LABEL } from '../../tiers/application';
import { ROOT_APPLICATION } from '../../tiers/root';
import type { BuildSweeper } from './build-sweeper';

export interface BuildUninstallProps {
  /** The build's sweeper: its function runs the uninstall too (one Lambda for both). */
  readonly sweeper: BuildSweeper;
  /** The build's cluster, whose API the function calls. */
  readonly cluster: eks.Cluster;
  /** The cluster's name, from `clusterName` (signed into the EKS token). */
  readonly clusterName: string;
}

/**
 * Removes a build's apps before CloudFormation deletes ArgoCD (DESIGN §9): on its stack's delete,
 * the root Application is detached and deleted alone, then the tier Applications go in reverse
 * tier order (3 … 1), each waited for with a deadline, their finalizers stripped when it passes;
 * then load balancer Services and PVCs are waited for; what is left goes to `BuildSweeper`,
 * which runs after it. Create and Update do nothing; it always answers SUCCESS with what is left
 * and publishes the `goldenpath/teardown` `UninstallLeft` metric.
 *
 * The function reaches the API server with an EKS token for its own role, mapped by an access
 * entry to two access policies, the narrowest EKS offers for what it does:
 * - `AmazonEKSClusterAdminPolicy` scoped to the `argocd` namespace: the only access policy that
 *   covers a custom resource (`argoproj.io` Applications: list, delete, and patch to strip a
 *   finalizer); EKS's admin and edit policies cover built-in kinds only. The scope keeps it to
 *   ArgoCD's namespace, where nothing but ArgoCD lives.
 * - `AmazonEKSViewPolicy` scoped to the cluster: listing Services and PVCs in every namespace,
 *   read-only and without Secrets.
 * A Kubernetes RBAC role could be narrower still, but it would have to exist in the cluster before
 * this and outlive it on delete, which only another kubectl custom resource could guarantee.
 *
 * Ordering is the caller's job (`orderTeardown`): it depends on the ArgoCD chart and the bootstrap
 * manifest (deleted before them) and on the plumbing (identities, add-ons, access entries).
 */
export class BuildUninstall extends Construct {
  public readonly resource: CustomResource;
  public readonly access: eks.AccessEntry;

  constructor(scope: Construct, id: string, props: BuildUninstallProps) {
    super(scope, id);
    const fn = props.sweeper.function;
    const role = fn.role!;
    this.access = new eks.AccessEntry(this, 'Access', {
      cluster: props.cluster,
      principal: role.roleArn,
      accessPolicies: [
        eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', {
          accessScopeType: eks.AccessScopeType.NAMESPACE,
          namespaces: [ARGOCD_NAMESPACE],
        }),
        eks.AccessPolicy.fromAccessPolicyName('AmazonEKSViewPolicy', {
          accessScopeType: eks.AccessScopeType.CLUSTER,
        }),
      ],
    });
    const timeout = fn.timeout ?? Duration.seconds(3);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::BuildUninstall',
      // A lost answer fails the resource within the Lambda's time, not after CloudFormation's hour.
      serviceTimeout: timeout.minus(Duration.seconds(SERVICE_TIMEOUT_MARGIN_SECONDS)),
      properties: {
        ClusterName: props.clusterName,
        Endpoint: props.cluster.clusterEndpoint,
        CertificateAuthority: props.cluster.clusterCertificateAuthorityData,
        Region: Stack.of(this).region,
        Namespace: ARGOCD_NAMESPACE,
        TierLabel: TIER_LABEL,
        RootApplication: ROOT_APPLICATION,
      },
    });
    // The role's policies and its cluster access must outlive the uninstall: created before, deleted after.
    this.resource.node.addDependency(role, this.access);
  }
}
