import {
  DeleteSecurityGroupCommand,
  DeleteVolumeCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import {
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { type RetryBudget, errorLine, isNamed, isPermanent, waitForRetry, withThrottleRetry } from './retry';

/** The kinds of tagged resource a build leaves, in the order they can be deleted. */
export const TAGGED_KINDS = ['load balancer', 'target group', 'security group', 'volume'] as const;
export type TaggedKind = (typeof TAGGED_KINDS)[number];

interface Tag {
  readonly Key?: string;
  readonly Value?: string;
}

/** Tags on resources another owner deletes (CloudFormation, EKS): never swept. */
const OWNED_ELSEWHERE = ['aws:cloudformation:stack-name', 'aws:eks:cluster-name'];

/**
 * Whether the tags say the build's cluster made the resource and owns it: the load balancer
 * controller's `elbv2.k8s.aws/cluster=<c>`, the EBS CSI driver's `KubernetesCluster=<c>`, or
 * `kubernetes.io/cluster/<c>=owned`. A `shared` value marks something the cluster only uses.
 */
export function ownedBy(tags: readonly Tag[] | undefined, cluster: string): boolean {
  const t = tags ?? [];
  if (t.some((tag) => OWNED_ELSEWHERE.includes(tag.Key ?? ''))) return false;
  const value = (key: string) => t.find((tag) => tag.Key === key)?.Value;
  if (value(`kubernetes.io/cluster/${cluster}`) === 'shared') return false;
  return (
    value('elbv2.k8s.aws/cluster') === cluster ||
    value('KubernetesCluster') === cluster ||
    value(`kubernetes.io/cluster/${cluster}`) === 'owned'
  );
}

/** The ids of one kind of resource owned by the cluster. */
export async function listOwned(
  kind: TaggedKind,
  clients: { readonly elbv2: ElasticLoadBalancingV2Client; readonly ec2: EC2Client },
  cluster: string,
  budget: RetryBudget,
): Promise<string[]> {
  const call = <T>(f: () => Promise<T>) => withThrottleRetry(f, budget);
  if (kind === 'load balancer' || kind === 'target group') {
    const arns: string[] = [];
    let marker: string | undefined;
    do {
      const from = marker;
      if (kind === 'load balancer') {
        const page = await call(() => clients.elbv2.send(new DescribeLoadBalancersCommand({ Marker: from })));
        arns.push(...(page.LoadBalancers ?? []).map((lb) => lb.LoadBalancerArn!));
        marker = page.NextMarker;
      } else {
        const page = await call(() => clients.elbv2.send(new DescribeTargetGroupsCommand({ Marker: from })));
        arns.push(...(page.TargetGroups ?? []).map((tg) => tg.TargetGroupArn!));
        marker = page.NextMarker;
      }
    } while (marker);
    const ours: string[] = [];
    for (let i = 0; i < arns.length; i += 20) {
      const tags = await call(() =>
        clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) })),
      );
      for (const d of tags.TagDescriptions ?? []) if (ownedBy(d.Tags, cluster)) ours.push(d.ResourceArn!);
    }
    return ours.sort();
  }
  const filters: Filter[] = [
    { Name: 'tag:elbv2.k8s.aws/cluster', Values: [cluster] },
    { Name: 'tag:KubernetesCluster', Values: [cluster] },
    { Name: `tag:kubernetes.io/cluster/${cluster}`, Values: ['owned'] },
  ];
  const ids = new Set<string>();
  for (const filter of filters) {
    let token: string | undefined;
    do {
      const from = token;
      if (kind === 'security group') {
        const page = await call(() =>
          clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [filter], NextToken: from })),
        );
        for (const sg of page.SecurityGroups ?? []) if (ownedBy(sg.Tags, cluster)) ids.add(sg.GroupId!);
        token = page.NextToken;
      } else {
        const page = await call(() =>
          clients.ec2.send(new DescribeVolumesCommand({ Filters: [filter], NextToken: from })),
        );
        for (const v of page.Volumes ?? []) if (ownedBy(v.Tags, cluster)) ids.add(v.VolumeId!);
        token = page.NextToken;
      }
    } while (token);
  }
  return [...ids].sort();
}

/** Errors meaning "already gone": success for an idempotent sweep (either SDK name form). */
const GONE = [
  'LoadBalancerNotFound',
  'TargetGroupNotFound',
  'InvalidGroup.NotFound',
  'InvalidGroupId.NotFound',
  'InvalidVolume.NotFound',
];

/** Deletes one resource of a kind. */
export function deleteOwned(
  kind: TaggedKind,
  clients: { readonly elbv2: ElasticLoadBalancingV2Client; readonly ec2: EC2Client },
  id: string,
): Promise<unknown> {
  switch (kind) {
    case 'load balancer':
      return clients.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: id }));
    case 'target group':
      return clients.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: id }));
    case 'security group':
      return clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }));
    case 'volume':
      return clients.ec2.send(new DeleteVolumeCommand({ VolumeId: id }));
  }
}

export interface TaggedItem {
  readonly kind: TaggedKind;
  readonly id: string;
}

/**
 * Tries every item, in order, once per pass: what is deleted or already gone is done, what AWS
 * refuses for now (a target group still in use, a security group whose network interfaces are
 * still detaching, a volume still attached, throttling) is tried again next pass until the
 * deadline, and what no retry can fix (access denied) is left at once. Never throws.
 */
export async function deleteAll(
  items: readonly TaggedItem[],
  remove: (item: TaggedItem) => Promise<unknown>,
  budget: RetryBudget,
): Promise<{ deleted: TaggedItem[]; left: string[] }> {
  const deleted: TaggedItem[] = [];
  const left: string[] = [];
  let pending = [...items];
  const errors = new Map<TaggedItem, string>();
  while (pending.length > 0) {
    const again: TaggedItem[] = [];
    for (const item of pending) {
      try {
        await remove(item);
        deleted.push(item);
      } catch (err) {
        if (isNamed(err, ...GONE)) continue;
        if (isPermanent(err)) left.push(`${item.kind} ${item.id}: ${errorLine(err)}`);
        else {
          errors.set(item, errorLine(err));
          again.push(item);
        }
      }
    }
    pending = again;
    if (pending.length === 0 || !(await waitForRetry(budget))) break;
  }
  for (const item of pending) left.push(`${item.kind} ${item.id}: ${errors.get(item)}`);
  return { deleted, left };
}
