import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import {
  Annotations,
  Duration,
  RemovalPolicy,
  Validations,
  aws_ec2 as ec2,
  aws_eks_v2 as eks,
  aws_iam as iam,
  aws_kms as kms,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../../lib/stacks/nag';
import type { NodeGroupConfig } from '../../lib/model/config';
import { VERSIONS } from '../../lib/model/versions';
import { addWarnings, clusterEndpointWarnings } from '../../lib/model/warnings';
import { ebsCsiAddonConfiguration } from './policies/ebs-csi-policy';

/** An EKS managed add-on of tier 0 (DESIGN §3), pinned in `VERSIONS.eksAddons`. */
export type EksAddonName = keyof typeof VERSIONS.eksAddons;

export interface PlatformClusterProps {
  /** EKS cluster name, from the naming helper. */
  readonly clusterName: string;
  /** The Foundation's VPC (imported from the contract). */
  readonly vpc: ec2.IVpc;
  /** Subnets for the control plane's ENIs, the nodes and the kubectl handler. */
  readonly subnets: readonly ec2.ISubnet[];
  /**
   * Roles granted cluster admin through EKS access entries, by access entry id.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
   */
  readonly adminRoles: { readonly [entryId: string]: iam.IRole };
  /** CIDRs allowed to reach the public API endpoint; empty means the endpoint is private only. */
  readonly publicEndpointCidrs: readonly string[];
  readonly nodes: NodeGroupConfig;
  /**
   * Extra security groups for the nodes, for example the Foundation's database-client group.
   * @default - the cluster security group only
   */
  readonly nodeSecurityGroups?: readonly ec2.ISecurityGroup[];
  /**
   * What happens to the secrets envelope key when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

/** The control-plane log types, all of them: audits of who did what are the point of a platform. */
const LOG_TYPES = [
  eks.ClusterLoggingTypes.API,
  eks.ClusterLoggingTypes.AUDIT,
  eks.ClusterLoggingTypes.AUTHENTICATOR,
  eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
  eks.ClusterLoggingTypes.SCHEDULER,
];

/**
 * Tier 0 (DESIGN §3): an EKS cluster (aws-eks-v2, native `AWS::EKS::Cluster`) in the Foundation's
 * VPC, with access entries instead of the aws-auth ConfigMap, secrets envelope encryption,
 * control-plane logging, one AL2023 managed node group, and the pinned managed add-ons.
 *
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_eks_v2-readme.html
 */
export class PlatformCluster extends Construct {
  public readonly cluster: eks.Cluster;
  public readonly nodegroup: eks.Nodegroup;
  public readonly addons: { readonly [A in EksAddonName]: eks.CfnAddon };

  constructor(scope: Construct, id: string, props: PlatformClusterProps) {
    super(scope, id);
    const key = new kms.Key(this, 'SecretsKey', {
      description: `${props.clusterName} Kubernetes secrets envelope encryption`,
      enableKeyRotation: true,
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(7),
    });

    const subnets = [...props.subnets];
    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      version: eks.KubernetesVersion.of(VERSIONS.kubernetes),
      vpc: props.vpc,
      vpcSubnets: [{ subnets }],
      endpointAccess:
        props.publicEndpointCidrs.length > 0
          ? eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...props.publicEndpointCidrs)
          : eks.EndpointAccess.PRIVATE,
      clusterLogging: LOG_TYPES,
      secretsEncryptionKey: key,
      // Nodes come from the managed node group below, never from EKS Auto Mode.
      defaultCapacity: 0,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      // CloudFormation's role gets no standing admin; people and CI get access entries below,
      // the kubectl handler gets its own.
      bootstrapClusterCreatorAdminPermissions: false,
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'KubectlLayer') },
    });

    Validations.of(this.cluster).acknowledge({
      id: 'CloudFormation-Validate::W9009',
      reason:
        'EncryptionConfig.Resources is how aws-eks-v2 writes envelope encryption; ["secrets"] is still its only value.',
    });
    addWarnings(this.cluster, clusterEndpointWarnings(props.publicEndpointCidrs));
    // The Foundation tags its subnets for load balancers (kubernetes.io/role/elb, internal-elb).
    Annotations.of(this.cluster).acknowledgeWarning(
      '@aws-cdk/aws-eks:clusterMustManuallyTagSubnet',
      'The Foundation owns the subnets and tags them for load balancers.',
    );

    const admin = eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', {
      accessScopeType: eks.AccessScopeType.CLUSTER,
    });
    for (const [entryId, role] of Object.entries(props.adminRoles)) {
      this.cluster.grantAccess(entryId, role.roleArn, [admin]);
    }

    // A launch template so the nodes can carry extra security groups (EKS then adds none
    // itself, hence the cluster group) and an encrypted gp3 root volume.
    const launchTemplate = new ec2.CfnLaunchTemplate(this, 'NodeLaunchTemplate', {
      launchTemplateData: {
        securityGroupIds: [
          this.cluster.clusterSecurityGroupId,
          ...(props.nodeSecurityGroups ?? []).map((g) => g.securityGroupId),
        ],
        blockDeviceMappings: [
          {
            deviceName: '/dev/xvda',
            ebs: {
              volumeSize: props.nodes.diskSizeGiB,
              volumeType: 'gp3',
              encrypted: true,
              deleteOnTermination: true,
            },
          },
        ],
        // IMDSv2 only, one hop: a pod's packets take a second hop, so no pod (but those on the
        // host network) can take the node role's credentials; workloads use Pod Identity.
        metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      },
    });
    this.nodegroup = this.cluster.addNodegroupCapacity('Nodes', {
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      instanceTypes: props.nodes.instanceTypes.map((t) => new ec2.InstanceType(t)),
      minSize: props.nodes.minSize,
      desiredSize: props.nodes.desiredSize,
      maxSize: props.nodes.maxSize,
      subnets: { subnets },
      launchTemplateSpec: { id: launchTemplate.ref, version: launchTemplate.attrLatestVersionNumber },
      // cluster-autoscaler's auto-discovery tags (EKS copies them to the Auto Scaling group).
      tags: {
        'k8s.io/cluster-autoscaler/enabled': 'true',
        [`k8s.io/cluster-autoscaler/${props.clusterName}`]: 'owned',
      },
    });

    const addons = {} as Record<EksAddonName, eks.CfnAddon>;
    for (const [name, version] of Object.entries(VERSIONS.eksAddons) as [EksAddonName, string][]) {
      const addon = new eks.CfnAddon(this, `Addon-${name}`, {
        clusterName: this.cluster.clusterName,
        addonName: name,
        addonVersion: version,
        // The self-managed copies EKS bootstraps become managed ones.
        resolveConflicts: 'OVERWRITE',
        // Volumes carry their cluster's name, so a teardown sweep can find the ones it leaves.
        ...(name === 'aws-ebs-csi-driver'
          ? {
              configurationValues: JSON.stringify(ebsCsiAddonConfiguration(props.clusterName)),
            }
          : {}),
      });
      addons[name] = addon;
    }
    // These run as Deployments and only turn ACTIVE once nodes exist to schedule them.
    addons.coredns.node.addDependency(this.nodegroup);
    addons['aws-ebs-csi-driver'].node.addDependency(this.nodegroup);
    this.addons = addons;
    this.acknowledgeNagFindings();
  }

  /** cdk-nag findings on what aws-eks-v2 makes, with why each is acceptable. */
  private acknowledgeNagFindings(): void {
    const managed = (name: string) =>
      `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]` as const;
    acknowledgeNag(
      this.cluster.role,
      managed('AmazonEKSClusterPolicy'),
      'The EKS service role needs exactly this AWS-maintained policy; AWS updates it with the service.',
    );
    for (const policy of [
      'AmazonEKSWorkerNodePolicy',
      'AmazonEKS_CNI_Policy',
      'AmazonEC2ContainerRegistryReadOnly',
    ]) {
      acknowledgeNag(
        this.nodegroup.role,
        managed(policy),
        `${policy} is the AWS-maintained node policy EKS documents for managed node groups (vpc-cni runs on the node role).`,
      );
    }
    const kubectl = this.cluster.node.findChild('KubectlProvider');
    for (const policy of [
      'service-role/AWSLambdaBasicExecutionRole',
      'service-role/AWSLambdaVPCAccessExecutionRole',
      'AmazonEC2ContainerRegistryReadOnly',
    ]) {
      acknowledgeNag(
        kubectl,
        managed(policy),
        'Set by aws-eks-v2 for its kubectl handler (logs, VPC ENIs, pulling Helm OCI charts).',
      );
    }
    acknowledgeNag(
      kubectl,
      'AwsSolutions-IAM4[Policy::{"Fn::If":["PlatformClusterKubectlProviderHandlerHasEcrPublic93383F72",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]',
      'Set by aws-eks-v2 for its kubectl handler, in partitions with ECR Public, to pull public Helm OCI charts.',
    );
    acknowledgeNag(
      kubectl,
      'AwsSolutions-IAM5[Resource::<PlatformClusterKubectlProviderHandler878759C4.Arn>:*]',
      'The custom resource framework invokes any version of its own handler function, and nothing else.',
    );
    acknowledgeNag(
      kubectl,
      'AwsSolutions-L1',
      'The kubectl handler runtime is chosen by aws-eks-v2 and moves with aws-cdk-lib, which is pinned.',
    );
  }
}
