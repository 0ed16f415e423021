import { RemovalPolicy, aws_eks_v2 as eks, aws_logs as logs } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';

export interface BuildLogsProps {
  /** The build's cluster; its control-plane log group is made here, before it. */
  readonly cluster: eks.Cluster;
  /** The cluster's name, which EKS puts in its log group's name. */
  readonly clusterName: string;
  /**
   * How long a build's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly retention?: logs.RetentionDays;
}

/**
 * The log groups of a build, each with a retention and deleted with the stack (DESIGN §9): EKS's
 * control-plane group `/aws/eks/<cluster>/cluster`, created before the cluster so EKS writes into
 * it instead of creating one that nothing deletes, and the kubectl provider's function log groups,
 * which aws-eks-v2 would keep for two years after the build.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 */
export class BuildLogs extends Construct {
  public readonly controlPlane: logs.LogGroup;
  /** The kubectl provider's function log groups. */
  public readonly kubectl: readonly logs.CfnLogGroup[];

  constructor(scope: Construct, id: string, props: BuildLogsProps) {
    super(scope, id);
    const retention = props.retention ?? logs.RetentionDays.ONE_MONTH;
    this.controlPlane = new logs.LogGroup(this, 'ControlPlane', {
      logGroupName: `/aws/eks/${props.clusterName}/cluster`,
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    props.cluster.node.defaultChild?.node.addDependency(this.controlPlane);

    const provider = props.cluster.node.tryFindChild('KubectlProvider');
    this.kubectl = (provider?.node.findAll() ?? []).filter(
      (c): c is logs.CfnLogGroup => c instanceof logs.CfnLogGroup,
    );
    for (const group of this.kubectl) {
      group.retentionInDays = retention;
      group.applyRemovalPolicy(RemovalPolicy.DESTROY);
    }
  }

  /**
   * Makes the kubectl handler's log group outlive `resources` (the custom resources it runs):
   * deleted after them, so their deletes are logged into a group that is then deleted, not into
   * one Lambda recreates and nothing removes. (The provider framework's group is left out: a
   * dependency on it would lengthen the template's longest chain, and that function logs only
   * its invocations.)
   */
  public outlive(...resources: IConstruct[]): void {
    const handler = this.kubectl.filter((g) =>
      g.node.path.endsWith('/KubectlProvider/Handler/LogGroup/Resource'),
    );
    for (const r of resources) for (const group of handler) r.node.addDependency(group);
  }
}
