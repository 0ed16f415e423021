import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { BuildId } from '../../model/build-id';
import type { EnvironmentConfig } from '../../model/config';
import { dnsScope } from '../../model/dns-scope';
import { type ClusterDeployment, clusterName } from '../../model/naming';
import { type RetryBudget, errorLine } from './retry';
import { sweepRecords } from './sweep-records';
import {
  TAGGED_KINDS,
  type TaggedItem,
  type TaggedKind,
  deleteAll,
  deleteOwned,
  listOwned,
} from './sweep-tagged';

export { isUnder, recordName } from './sweep-records';
export { ownedBy } from './sweep-tagged';

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
  /** Load balancers, target groups, security groups and volumes the cluster owns (by tag) are the build's. */
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

export interface SweepOptions extends RetryBudget {
  /** List what would go, delete nothing. @default false */
  readonly dryRun?: boolean;
}

/** What a sweep deleted (or, dry, would delete), and what it could not delete before its deadline. */
export interface SweepReport {
  readonly dryRun: boolean;
  /** `<TYPE> <name>`, for example `A argocd.b-pr-1.dev.goldenpathidp.io`. */
  readonly records: readonly string[];
  readonly loadBalancers: readonly string[];
  readonly targetGroups: readonly string[];
  readonly securityGroups: readonly string[];
  readonly volumes: readonly string[];
  /** `<resource>: <last error>` for everything still there (or never listed) at the end. */
  readonly left: readonly string[];
}

/**
 * Deletes what a build left behind (DESIGN §9): record sets at and under its host suffix in the
 * Foundation zone, then the load balancers, target groups, security groups (the load balancer
 * controller's backend group among them) and EBS volumes its cluster owns by tag.
 *
 * Never throws for AWS: each item is tried, its outcome recorded, and the sweep goes on. What is
 * refused for now (throttling, a record changed since it was listed, a resource still in use) is
 * retried until `deadline`; what is still there then, or could not even be listed, is in `left`.
 * It never touches a record outside the suffix, the zone apex, a resource tagged `shared`, or one
 * that CloudFormation or EKS owns. A second run finds nothing.
 */
export async function sweep(
  target: SweepTarget,
  clients: SweeperClients,
  options: SweepOptions,
): Promise<SweepReport> {
  const dryRun = options.dryRun ?? false;
  const left: string[] = [];
  let records: readonly string[] = [];
  try {
    const r = await sweepRecords(clients.route53, target.hostedZoneId, target.hostSuffix, {
      ...options,
      dryRun,
    });
    records = r.records;
    left.push(...r.left);
  } catch (err) {
    left.push(`record sets under ${target.hostSuffix}: could not list: ${errorLine(err)}`);
  }
  const items: TaggedItem[] = [];
  for (const kind of TAGGED_KINDS) {
    try {
      const ids = await listOwned(kind, clients, target.clusterName, options);
      items.push(...ids.map((id) => ({ kind, id })));
    } catch (err) {
      left.push(`${kind}s tagged for ${target.clusterName}: could not list: ${errorLine(err)}`);
    }
  }
  const done = dryRun
    ? { deleted: items, left: [] }
    : await deleteAll(items, (item) => deleteOwned(item.kind, clients, item.id), options);
  left.push(...done.left);
  const of = (kind: TaggedKind) => done.deleted.filter((i) => i.kind === kind).map((i) => i.id);
  return {
    dryRun,
    records,
    loadBalancers: of('load balancer'),
    targetGroups: of('target group'),
    securityGroups: of('security group'),
    volumes: of('volume'),
    left,
  };
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
    line('volumes', r.volumes),
    ...(r.left.length === 0 ? [] : [`left ${r.left.length}:`, ...r.left.map((l) => `  ${l}`)]),
  ];
}
