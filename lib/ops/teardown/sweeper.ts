import {
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
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
  type Tag,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ChangeResourceRecordSetsCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandOutput,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import type { BuildId } from '../../model/build-id';
import type { EnvironmentConfig } from '../../model/config';
import { dnsScope } from '../../model/dns-scope';
import { type ClusterDeployment, clusterName } from '../../model/naming';

export interface SweeperClients {
  readonly route53: Route53Client;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly ec2: EC2Client;
}

/** What one build left behind is found by: its host suffix in the Foundation zone, its cluster name in tags. */
export interface SweepTarget {
  readonly hostedZoneId: string;
  /** `b-<buildId>.<env>.<baseDomain>`: records at and under it are the build's. */
  readonly hostSuffix: string;
  /** Load balancers, target groups and security groups tagged for it are the build's. */
  readonly clusterName: string;
}

/** The sweep target of one build, from the same functions the cluster stack names and scopes it with. */
export function sweepTargetFor(
  config: EnvironmentConfig,
  buildId: BuildId,
  hostedZoneId: string,
): SweepTarget {
  const deployment: ClusterDeployment = { env: config.name, kind: 'ephemeral', buildId };
  return {
    hostedZoneId,
    hostSuffix: dnsScope({ deployment, baseDomain: config.baseDomain, hostedZoneId }).hostSuffix,
    clusterName: clusterName(deployment),
  };
}

export interface SweepOptions {
  /** List what would go, delete nothing. @default false */
  readonly dryRun?: boolean;
  /** Give up retrying (and report what is left) at this time, in epoch milliseconds. */
  readonly deadline: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Wait between retries of what AWS refused for now (an ENI still attached). @default 5000 */
  readonly retryDelayMs?: number;
}

/** What a sweep deleted (or, dry, would delete), and what it could not delete before its deadline. */
export interface SweepReport {
  readonly dryRun: boolean;
  /** `<TYPE> <name>`, for example `A argocd.b-pr-1.dev.goldenpathidp.io`. */
  readonly records: readonly string[];
  readonly loadBalancers: readonly string[];
  readonly targetGroups: readonly string[];
  readonly securityGroups: readonly string[];
  /** `<resource>: <last error>` for everything still there at the deadline. */
  readonly left: readonly string[];
}

/** Tags on resources another owner deletes (CloudFormation, EKS): never swept. */
const OWNED_ELSEWHERE = ['aws:cloudformation:stack-name', 'aws:eks:cluster-name'];

/** A Route 53 record name as a comparable string: lower case, no trailing dot, octal escapes decoded. */
export function recordName(name: string): string {
  return name
    .replace(/\\(\d{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)))
    .toLowerCase()
    .replace(/\.$/, '');
}

/** Whether `name` is at or under `suffix` by whole labels (`b-1.x` is not under `b-10.x`). */
export function isUnder(name: string, suffix: string): boolean {
  const n = recordName(name);
  return n === suffix || n.endsWith(`.${suffix}`);
}

/**
 * Deletes what a build left behind (DESIGN §9): record sets at and under its host suffix in the
 * Foundation zone, then load balancers, target groups and security groups tagged for its cluster.
 *
 * Idempotent (a second run finds nothing), bounded by `deadline` (what AWS still refuses then is
 * reported in `left`, not thrown), and it never touches a record outside the suffix, the zone
 * apex, or a resource that CloudFormation or EKS owns.
 */
export async function sweep(
  target: SweepTarget,
  clients: SweeperClients,
  options: SweepOptions,
): Promise<SweepReport> {
  const dryRun = options.dryRun ?? false;
  const left: string[] = [];
  const records = await sweepRecords(target, clients.route53, dryRun);
  const loadBalancers = await sweepTagged(
    'load balancer',
    await taggedElb(clients.elbv2, target.clusterName, 'lb'),
    (arn) => clients.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn })),
    dryRun,
    options,
    left,
  );
  const targetGroups = await sweepTagged(
    'target group',
    await taggedElb(clients.elbv2, target.clusterName, 'tg'),
    (arn) => clients.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })),
    dryRun,
    options,
    left,
  );
  const securityGroups = await sweepTagged(
    'security group',
    await taggedSecurityGroups(clients.ec2, target.clusterName),
    (id) => clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id })),
    dryRun,
    options,
    left,
  );
  return { dryRun, records, loadBalancers, targetGroups, securityGroups, left };
}

async function sweepRecords(target: SweepTarget, route53: Route53Client, dryRun: boolean): Promise<string[]> {
  const zone = await route53.send(new GetHostedZoneCommand({ Id: target.hostedZoneId }));
  const zoneName = recordName(zone.HostedZone?.Name ?? '');
  const suffix = recordName(target.hostSuffix);
  // The suffix must be strictly inside the zone: sweeping the zone itself would take everything.
  if (!suffix.endsWith(`.${zoneName}`)) {
    throw new Error(
      `Refusing to sweep ${suffix}: it is not strictly under the zone ${zoneName} (${target.hostedZoneId})`,
    );
  }
  const doomed: ResourceRecordSet[] = [];
  let next: { name?: string; type?: string; id?: string } | undefined = {};
  while (next) {
    const page: ListResourceRecordSetsCommandOutput = await route53.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: target.hostedZoneId,
        StartRecordName: next.name,
        StartRecordType: next.type as ResourceRecordSet['Type'],
        StartRecordIdentifier: next.id,
      }),
    );
    for (const rr of page.ResourceRecordSets ?? []) {
      const apex = recordName(rr.Name ?? '') === zoneName;
      if (!apex && isUnder(rr.Name ?? '', suffix)) doomed.push(rr);
    }
    next = page.IsTruncated
      ? { name: page.NextRecordName, type: page.NextRecordType, id: page.NextRecordIdentifier }
      : undefined;
  }
  if (!dryRun) {
    for (let i = 0; i < doomed.length; i += 100) {
      const batch = doomed
        .slice(i, i + 100)
        .map((rr) => ({ Action: 'DELETE' as const, ResourceRecordSet: rr }));
      await route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: target.hostedZoneId,
          ChangeBatch: { Comment: `sweep ${suffix}`, Changes: batch },
        }),
      );
    }
  }
  return doomed.map((rr) => `${rr.Type} ${recordName(rr.Name ?? '')}`);
}

function taggedFor(tags: readonly Tag[] | undefined, cluster: string): boolean {
  const t = tags ?? [];
  if (t.some((tag) => OWNED_ELSEWHERE.includes(tag.Key ?? ''))) return false;
  return t.some(
    (tag) =>
      (tag.Key === 'elbv2.k8s.aws/cluster' && tag.Value === cluster) ||
      tag.Key === `kubernetes.io/cluster/${cluster}`,
  );
}

async function taggedElb(
  elbv2: ElasticLoadBalancingV2Client,
  cluster: string,
  kind: 'lb' | 'tg',
): Promise<string[]> {
  const arns: string[] = [];
  let marker: string | undefined;
  do {
    if (kind === 'lb') {
      const page = await elbv2.send(new DescribeLoadBalancersCommand({ Marker: marker }));
      arns.push(...(page.LoadBalancers ?? []).map((lb) => lb.LoadBalancerArn!));
      marker = page.NextMarker;
    } else {
      const page = await elbv2.send(new DescribeTargetGroupsCommand({ Marker: marker }));
      arns.push(...(page.TargetGroups ?? []).map((tg) => tg.TargetGroupArn!));
      marker = page.NextMarker;
    }
  } while (marker);
  const ours: string[] = [];
  for (let i = 0; i < arns.length; i += 20) {
    const tags = await elbv2.send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) }));
    for (const d of tags.TagDescriptions ?? []) if (taggedFor(d.Tags, cluster)) ours.push(d.ResourceArn!);
  }
  return ours.sort();
}

async function taggedSecurityGroups(ec2: EC2Client, cluster: string): Promise<string[]> {
  const byFilter = async (filter: Filter): Promise<string[]> => {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [filter], NextToken: token }));
      for (const sg of page.SecurityGroups ?? []) {
        if (
          taggedFor(
            sg.Tags?.map((t) => ({ Key: t.Key, Value: t.Value })),
            cluster,
          )
        )
          ids.push(sg.GroupId!);
      }
      token = page.NextToken;
    } while (token);
    return ids;
  };
  const ids = [
    ...(await byFilter({ Name: 'tag:elbv2.k8s.aws/cluster', Values: [cluster] })),
    ...(await byFilter({ Name: 'tag-key', Values: [`kubernetes.io/cluster/${cluster}`] })),
  ];
  return [...new Set(ids)].sort();
}

/** Errors meaning "already gone": success for an idempotent sweep. */
const GONE = [
  'LoadBalancerNotFound',
  'TargetGroupNotFound',
  'InvalidGroup.NotFound',
  'InvalidGroupId.NotFound',
];

/**
 * Deletes each id, retrying what AWS refuses for now (a target group still in use, a security
 * group whose load balancer's network interfaces are still detaching) until the deadline.
 */
async function sweepTagged(
  what: string,
  ids: readonly string[],
  remove: (id: string) => Promise<unknown>,
  dryRun: boolean,
  options: SweepOptions,
  left: string[],
): Promise<string[]> {
  if (dryRun) return [...ids];
  const now = options.now ?? Date.now;
  const deleted: string[] = [];
  let pending = [...ids];
  const errors = new Map<string, string>();
  while (pending.length > 0) {
    const again: string[] = [];
    for (const id of pending) {
      try {
        await remove(id);
        deleted.push(id);
      } catch (err) {
        const name = err instanceof Error ? err.name : 'Error';
        if (GONE.includes(name)) continue;
        errors.set(id, `${name}: ${err instanceof Error ? err.message : String(err)}`);
        again.push(id);
      }
    }
    pending = again;
    if (pending.length === 0 || now() + (options.retryDelayMs ?? 5000) >= options.deadline) break;
    await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 5000));
  }
  for (const id of pending) left.push(`${what} ${id}: ${errors.get(id)}`);
  return deleted;
}

/** The report as lines, for logs and the CLI. */
export function formatSweepReport(r: SweepReport): string[] {
  const verb = r.dryRun ? 'would delete' : 'deleted';
  const line = (what: string, items: readonly string[]) =>
    `${verb} ${items.length} ${what}${items.length === 0 ? '' : `: ${items.join(', ')}`}`;
  return [
    line('record sets', r.records),
    line('load balancers', r.loadBalancers),
    line('target groups', r.targetGroups),
    line('security groups', r.securityGroups),
    ...(r.left.length === 0
      ? []
      : [`left ${r.left.length} after the deadline:`, ...r.left.map((l) => `  ${l}`)]),
  ];
}
