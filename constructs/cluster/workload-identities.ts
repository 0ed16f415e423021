import { Stack, aws_eks_v2 as eks, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../../lib/stacks/nag';
import type { PolicyStatementJson } from '../../lib/model/dns-scope';
import { LOKI_SERVICE_ACCOUNT, lokiStoragePrefix } from '../../lib/model/loki-storage';
import { albControllerPolicyFor } from './policies/alb-controller-policy';
import { ebsCsiPolicyFor } from './policies/ebs-csi-policy';

/** The Kubernetes service accounts that get AWS credentials, and where they live. */
export const WORKLOAD_SERVICE_ACCOUNTS = {
  externalSecrets: { namespace: 'external-secrets', serviceAccount: 'external-secrets' },
  externalDns: { namespace: 'external-dns', serviceAccount: 'external-dns' },
  awsLoadBalancerController: { namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller' },
  clusterAutoscaler: { namespace: 'kube-system', serviceAccount: 'cluster-autoscaler' },
  ebsCsi: { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
  loki: LOKI_SERVICE_ACCOUNT,
} as const;

export type WorkloadIdentityName = keyof typeof WORKLOAD_SERVICE_ACCOUNTS;

export interface WorkloadIdentitiesProps {
  readonly cluster: eks.ICluster;
  /**
   * The cluster's name as a plain string (it is a tag key in the autoscaler's policy, where a
   * deploy-time token cannot go).
   */
  readonly clusterName: string;
  /**
   * The Foundation's managed policy that reads `goldenpath/<env>/*` (from the contract).
   * @default - External Secrets reads no secret: a build's tiers read none of the environment's
   */
  readonly externalSecretsPolicy?: iam.IManagedPolicy;
  /** ExternalDNS's statements, from `dnsScope`. */
  readonly externalDnsStatements: readonly PolicyStatementJson[];
  /**
   * The Foundation's log bucket (contract `log-bucket/name`, a deploy-time token): Loki reads and
   * writes only `loki-<clusterName>/` in it.
   */
  readonly logBucketName: string;
}

/**
 * One IAM role and EKS Pod Identity association per controller that calls AWS (issue 4 §5),
 * each with only what that controller needs. Pod Identity, not IRSA: every controller here
 * supports it, and it needs no OIDC provider or per-cluster trust policy.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
export class WorkloadIdentities extends Construct {
  public readonly roles: { readonly [N in WorkloadIdentityName]: iam.Role };

  constructor(scope: Construct, id: string, props: WorkloadIdentitiesProps) {
    super(scope, id);
    const { cluster } = props;
    const role = (name: WorkloadIdentityName, description: string, policy?: iam.PolicyDocument) => {
      const r = new iam.Role(this, `${name[0].toUpperCase()}${name.slice(1)}Role`, {
        description: `${description} (Pod Identity, ${WORKLOAD_SERVICE_ACCOUNTS[name].namespace}/${WORKLOAD_SERVICE_ACCOUNTS[name].serviceAccount})`,
        // Only this cluster's pods of this namespace and service account (EKS Pod Identity sets
        // these session tags); a role of one cluster is never usable from another.
        assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags().withConditions({
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'aws:RequestTag/eks-cluster-arn': cluster.clusterArn,
            'aws:RequestTag/kubernetes-namespace': WORKLOAD_SERVICE_ACCOUNTS[name].namespace,
            'aws:RequestTag/kubernetes-service-account': WORKLOAD_SERVICE_ACCOUNTS[name].serviceAccount,
          },
        }),
        inlinePolicies: policy ? { [name]: policy } : undefined,
      });
      new eks.CfnPodIdentityAssociation(this, `${name[0].toUpperCase()}${name.slice(1)}Association`, {
        clusterName: cluster.clusterName,
        namespace: WORKLOAD_SERVICE_ACCOUNTS[name].namespace,
        serviceAccount: WORKLOAD_SERVICE_ACCOUNTS[name].serviceAccount,
        roleArn: r.roleArn,
      });
      return r;
    };

    const externalSecrets = role(
      'externalSecrets',
      props.externalSecretsPolicy
        ? 'External Secrets reads goldenpath/<env>/* secrets'
        : 'External Secrets reads no secret',
    );
    if (props.externalSecretsPolicy) externalSecrets.addManagedPolicy(props.externalSecretsPolicy);

    const externalDns = role(
      'externalDns',
      'ExternalDNS changes records under its host suffix only',
      iam.PolicyDocument.fromJson({ Version: '2012-10-17', Statement: props.externalDnsStatements }),
    );

    const awsLoadBalancerController = role(
      'awsLoadBalancerController',
      'AWS Load Balancer Controller manages the load balancers of this cluster only',
      iam.PolicyDocument.fromJson(albControllerPolicyFor(props.clusterName)),
    );

    const clusterAutoscaler = role(
      'clusterAutoscaler',
      'cluster-autoscaler resizes this cluster node groups only',
      new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'DescribeScalingInputs',
            actions: [
              'autoscaling:DescribeAutoScalingGroups',
              'autoscaling:DescribeAutoScalingInstances',
              'autoscaling:DescribeLaunchConfigurations',
              'autoscaling:DescribeScalingActivities',
              'autoscaling:DescribeTags',
              'ec2:DescribeImages',
              'ec2:DescribeInstanceTypes',
              'ec2:DescribeLaunchTemplateVersions',
              'ec2:GetInstanceTypesFromInstanceRequirements',
              'eks:DescribeNodegroup',
            ],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'ScaleOwnNodeGroupsOnly',
            actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
            resources: ['*'],
            conditions: {
              StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${props.clusterName}`]: 'owned' },
            },
          }),
        ],
      }),
    );

    const ebsCsi = role(
      'ebsCsi',
      "EBS CSI driver creates, attaches and deletes this cluster's volumes only",
      iam.PolicyDocument.fromJson(ebsCsiPolicyFor(props.clusterName)),
    );

    const prefix = lokiStoragePrefix(props.clusterName);
    const bucketArn = `arn:${Stack.of(this).partition}:s3:::${props.logBucketName}`;
    const loki = role(
      'loki',
      `Loki stores this cluster's logs under ${prefix}/ of the log bucket only`,
      new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'OwnPrefixObjects',
            actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
            resources: [`${bucketArn}/${prefix}/*`],
          }),
          new iam.PolicyStatement({
            sid: 'ListOwnPrefix',
            actions: ['s3:ListBucket'],
            resources: [bucketArn],
            conditions: { StringLike: { 's3:prefix': [`${prefix}/*`] } },
          }),
        ],
      }),
    );

    this.roles = { externalSecrets, externalDns, awsLoadBalancerController, clusterAutoscaler, ebsCsi, loki };

    acknowledgeNag(
      loki,
      `AwsSolutions-IAM5[Resource::${asNagShowsIt(Stack.of(this), `${bucketArn}/${prefix}/*`)}]`,
      "Loki names its objects itself; the wildcard is under this cluster's own prefix only.",
    );

    acknowledgeNag(
      externalDns,
      'AwsSolutions-IAM5[Resource::*]',
      'route53:ListHostedZones has no resource type; changes are limited to the host suffix by condition.',
    );
    acknowledgeNag(
      clusterAutoscaler,
      'AwsSolutions-IAM5[Resource::*]',
      "Describe calls have no resource type; scaling is limited by condition to node groups tagged as this cluster's.",
    );
    acknowledgeNag(
      ebsCsi,
      'AwsSolutions-IAM5[Resource::*]',
      'EC2 Describe calls have no resource type; nothing else is on every resource.',
    );
    for (const resource of ['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*:*:snapshot/*']) {
      acknowledgeNag(
        ebsCsi,
        `AwsSolutions-IAM5[Resource::${resource}]`,
        'Volume ids are not known in advance; every create, change and delete is limited by condition to KubernetesCluster = this cluster.',
      );
    }
    acknowledgeNag(
      ebsCsi,
      'AwsSolutions-IAM5[Resource::arn:aws:ec2:*:*:instance/*]',
      "Attach and detach name an instance and a volume; the volume must be this cluster's.",
    );
    for (const resource of [
      '*',
      'arn:aws:ec2:*:*:security-group/*',
      'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
      'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*',
      'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*',
    ]) {
      acknowledgeNag(
        awsLoadBalancerController,
        `AwsSolutions-IAM5[Resource::${resource}]`,
        "The AWS Load Balancer Controller v2.13.0 policy, pinned: every change or delete needs elbv2.k8s.aws/cluster = this cluster on the resource (security-group ingress: or the EKS cluster group's aws:eks:cluster-name), every create that tag in the request. Left unscoped, as AWS has no key for them: Describe calls, CreateSecurityGroup (an empty group), SetRulePriorities, SetWebAcl and the WAF/Shield calls.",
      );
    }
  }
}

/**
 * A resource string as cdk-nag prints it in a finding: deploy-time references as `<LogicalId>`
 * (the log bucket's name is an SSM parameter of the template).
 */
function asNagShowsIt(stack: Stack, value: string): string {
  const show = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
    if (o.Ref !== undefined) return `<${o.Ref}>`;
    if (o['Fn::Join'] !== undefined) return o['Fn::Join'][1].map(show).join(o['Fn::Join'][0]);
    // Any other intrinsic: shown as is, so the acknowledgement matches no finding and the nag
    // test names it.
    return JSON.stringify(v);
  };
  return show(stack.resolve(value));
}
