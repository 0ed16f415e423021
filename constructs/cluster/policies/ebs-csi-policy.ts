import type { Statement } from './alb-controller-policy';

/**
 * The tag the EBS CSI driver puts on every volume and snapshot it creates, with the cluster's
 * name as value (the add-on's `controller.extraVolumeTags`, set in `PlatformCluster`).
 */
export const EBS_CLUSTER_TAG = 'KubernetesCluster';

/** The add-on configuration that makes the driver tag its volumes with `EBS_CLUSTER_TAG`. */
export function ebsCsiAddonConfiguration(clusterName: string): {
  controller: { extraVolumeTags: Record<string, string> };
} {
  return { controller: { extraVolumeTags: { [EBS_CLUSTER_TAG]: clusterName } } };
}

const VOLUMES = 'arn:aws:ec2:*:*:volume/*';
const SNAPSHOTS = 'arn:aws:ec2:*:*:snapshot/*';

/**
 * What the EBS CSI driver's controller needs, for this cluster's volumes and snapshots only.
 * The AWS-managed `AmazonEBSCSIDriverPolicy` lets one cluster's driver attach, detach, snapshot
 * and resize any volume of the account and delete any volume tagged by any cluster's driver (the
 * persistent cluster's Prometheus data included). Here a create must carry `KubernetesCluster =
 * <clusterName>` in the request, and every later call needs it on the volume or snapshot. The
 * driver may tag only while creating (`ec2:CreateAction`), so it cannot give another volume
 * its cluster's tag. Instances are not scoped: attaching needs both, and the volume is.
 *
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEBSCSIDriverPolicy.html
 * @see https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/tagging.md
 */
export function ebsCsiPolicyFor(clusterName: string): { Version: string; Statement: Statement[] } {
  const own = { StringEquals: { [`aws:ResourceTag/${EBS_CLUSTER_TAG}`]: clusterName } };
  const requested = { StringEquals: { [`aws:RequestTag/${EBS_CLUSTER_TAG}`]: clusterName } };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Describe',
        Effect: 'Allow',
        Action: [
          'ec2:DescribeAvailabilityZones',
          'ec2:DescribeInstances',
          'ec2:DescribeSnapshots',
          'ec2:DescribeTags',
          'ec2:DescribeVolumes',
          'ec2:DescribeVolumesModifications',
          'ec2:DescribeVolumeStatus',
        ],
        Resource: '*',
      },
      {
        Sid: 'CreateOwnVolumes',
        Effect: 'Allow',
        Action: ['ec2:CreateVolume'],
        Resource: VOLUMES,
        Condition: requested,
      },
      // A volume restored from a snapshot: only from this cluster's snapshots.
      {
        Sid: 'FromOwnSnapshots',
        Effect: 'Allow',
        Action: ['ec2:CreateVolume'],
        Resource: SNAPSHOTS,
        Condition: own,
      },
      {
        Sid: 'CreateOwnSnapshots',
        Effect: 'Allow',
        Action: ['ec2:CreateSnapshot'],
        Resource: SNAPSHOTS,
        Condition: requested,
      },
      {
        Sid: 'TagOnlyOnCreate',
        Effect: 'Allow',
        Action: ['ec2:CreateTags'],
        Resource: [VOLUMES, SNAPSHOTS],
        Condition: {
          StringEquals: {
            'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot'],
            [`aws:RequestTag/${EBS_CLUSTER_TAG}`]: clusterName,
          },
        },
      },
      {
        Sid: 'UseOwnVolumes',
        Effect: 'Allow',
        Action: [
          'ec2:AttachVolume',
          'ec2:DetachVolume',
          'ec2:ModifyVolume',
          'ec2:DeleteVolume',
          'ec2:CreateSnapshot',
        ],
        Resource: VOLUMES,
        Condition: own,
      },
      {
        Sid: 'AttachToInstances',
        Effect: 'Allow',
        Action: ['ec2:AttachVolume', 'ec2:DetachVolume'],
        Resource: 'arn:aws:ec2:*:*:instance/*',
      },
      {
        Sid: 'DeleteOwnSnapshots',
        Effect: 'Allow',
        Action: ['ec2:DeleteSnapshot'],
        Resource: SNAPSHOTS,
        Condition: own,
      },
    ],
  };
}
