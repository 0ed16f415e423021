import { RemovalPolicy, aws_eks_v2 as eks, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';

/** Where aws-eks-v2 puts the provider framework's log group, under the kubectl provider. */
const FRAMEWORK_LOG_GROUP = '/KubectlProvider/Provider/framework-onEvent/LogGroup/Resource';

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
    if (provider) this.nameFrameworkGroup(provider, props.clusterName);
  }

  /**
   * The provider framework's group is named after its function (`/aws/lambda/<function>`), so it
   * depends on the function and could only outlive the chart by adding a link to the template's
   * longest chain. Given a name of its own, set as the function's log group, the function depends
   * on it instead, and the custom resources can depend on it at no cost to the chain.
   */
  private nameFrameworkGroup(provider: IConstruct, clusterName: string): void {
    const group = this.kubectl.find((g) => g.node.path.endsWith(FRAMEWORK_LOG_GROUP));
    const framework = provider.node.tryFindChild('Provider')?.node.tryFindChild('framework-onEvent')
      ?.node.defaultChild;
    if (!group || !(framework instanceof lambda.CfnFunction)) return;
    const name = `/goldenpath/${clusterName}/kubectl-provider-framework`;
    group.logGroupName = name;
    framework.addPropertyOverride('LoggingConfig.LogGroup', name);
    // Created before the function writes to it, deleted after.
    framework.addResourceDependency(group);
  }

  /**
   * Makes the kubectl handler's and its provider framework's log groups outlive `resources` (the
   * custom resources they run): deleted after them, so their deletes are logged into groups that
   * are then deleted, not into ones Lambda recreates and nothing removes.
   */
  public outlive(...resources: IConstruct[]): void {
    for (const r of resources) for (const group of this.kubectl) r.node.addDependency(group);
  }
}
