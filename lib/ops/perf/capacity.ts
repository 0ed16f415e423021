import { SUBNET_LAYOUT } from '../../../constructs/foundation/platform-network';
import type { EnvironmentConfig, NodeGroupConfig } from '../../model/config';

/**
 * How many ephemeral builds one Foundation can hold at once, and what a build-hour costs,
 * computed from config. Every figure that is not config is a named constant below with where it
 * comes from, so a reviewer can check it and a change of AWS quota is a one-line edit.
 */

/**
 * Per-instance-type networking limits: ENIs and IPv4 addresses per ENI.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html
 */
export const INSTANCE_NETWORK: {
  readonly [type: string]: { readonly enis: number; readonly ipsPerEni: number; readonly vcpus: number };
} = {
  't3.medium': { enis: 3, ipsPerEni: 6, vcpus: 2 },
  't3.large': { enis: 3, ipsPerEni: 12, vcpus: 2 },
  'm6i.large': { enis: 3, ipsPerEni: 10, vcpus: 2 },
  'm6i.xlarge': { enis: 4, ipsPerEni: 15, vcpus: 4 },
};

/**
 * On-demand USD per hour in eu-west-2, from the AWS price list; update with the price list.
 * @see https://aws.amazon.com/ec2/pricing/on-demand/
 * @see https://aws.amazon.com/eks/pricing/
 * @see https://aws.amazon.com/elasticloadbalancing/pricing/
 * @see https://aws.amazon.com/ebs/pricing/
 */
export const PRICES_USD = {
  eksClusterHour: 0.1,
  instanceHour: { 't3.medium': 0.0472, 't3.large': 0.0944, 'm6i.large': 0.118, 'm6i.xlarge': 0.236 } as {
    readonly [type: string]: number;
  },
  nlbHour: 0.0252,
  gp3GiBMonth: 0.0928,
} as const;

/**
 * Default account quotas that bound concurrent builds.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html (clusters per Region: 100)
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html (NLBs per Region: 50)
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html (5 API requests per second per account)
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html (VPC security groups per Region: 2,500)
 */
export const QUOTAS = {
  eksClustersPerRegion: 100,
  nlbsPerRegion: 50,
  route53RequestsPerSecond: 5,
  securityGroupsPerRegion: 2500,
} as const;

/** What each build adds, beyond its nodes (see the README's capacity notes). */
export const PER_BUILD = {
  /** EKS places up to 4 cross-account ENIs for the control plane in the cluster subnets. */
  controlPlaneEnis: 4,
  /** The kong proxy's NLB: one address in each public subnet. */
  nlbs: 1,
  /** EKS's cluster security group, the stack's control-plane group, the LB controller's backend and NLB frontend groups. */
  securityGroups: 4,
  /** Host names a build publishes at maxTier 1.5 (argocd, kong-admin, grafana). */
  hostnames: 3,
  /** Per host name: the A alias record and its `extdns-a-` TXT ownership record. */
  recordsPerHostname: 2,
} as const;

/** ExternalDNS: one full sync of its zone per interval; each sync lists the zone 300 records a page. */
export const EXTERNAL_DNS = { intervalSeconds: 60, recordsPerListPage: 300, persistentRecords: 20 } as const;

export interface CapacityReport {
  readonly env: string;
  readonly ipsPerNode: number;
  readonly ipsPerBuild: number;
  readonly privateIps: number;
  readonly byPrivateIps: number;
  readonly byPublicIps: number;
  readonly byEksQuota: number;
  readonly byNlbQuota: number;
  readonly bySecurityGroups: number;
  readonly byRoute53: number;
  readonly maxConcurrentBuilds: number;
  readonly bindingLimit: string;
  readonly costPerBuildHourUsd: number;
}

/** AWS reserves 5 addresses in every subnet. */
const usable = (mask: number) => 2 ** (32 - mask) - 5;

/**
 * Addresses one node can hold with the VPC CNI's default secondary-IP mode: every ENI filled
 * (the worst case: `WARM_ENI_TARGET=1` keeps a spare ENI attached as pods grow).
 */
export function ipsPerNode(instanceType: string): number {
  const n = INSTANCE_NETWORK[instanceType];
  if (!n) throw new Error(`No network limits for instance type ${instanceType}; add it to INSTANCE_NETWORK`);
  return n.enis * n.ipsPerEni;
}

/** Route 53 requests per second that `builds` ephemeral clusters plus the persistent one make. */
export function route53RequestsPerSecond(builds: number): number {
  const records =
    builds * PER_BUILD.hostnames * PER_BUILD.recordsPerHostname + EXTERNAL_DNS.persistentRecords;
  const pages = Math.max(1, Math.ceil(records / EXTERNAL_DNS.recordsPerListPage));
  return ((builds + 1) * pages) / EXTERNAL_DNS.intervalSeconds;
}

function largestBy(limit: (n: number) => boolean): number {
  let n = 0;
  while (n < 100_000 && limit(n + 1)) n++;
  return n;
}

function nodeCostPerHour(nodes: NodeGroupConfig): number {
  const type = nodes.instanceTypes[0];
  const price = PRICES_USD.instanceHour[type];
  if (price === undefined) throw new Error(`No price for instance type ${type}; add it to PRICES_USD`);
  const diskPerHour = (nodes.diskSizeGiB * PRICES_USD.gp3GiBMonth) / 730;
  return nodes.desiredSize * (price + diskPerHour);
}

export function capacity(config: EnvironmentConfig, layout = SUBNET_LAYOUT): CapacityReport {
  const nodes = config.cluster.ephemeralNodes;
  const perNode = Math.max(...nodes.instanceTypes.map(ipsPerNode));
  const ipsPerBuild = nodes.maxSize * perNode + PER_BUILD.controlPlaneEnis;
  const azs = config.availabilityZones.length;
  const privateIps = azs * usable(layout.private);
  const persistent = config.cluster.persistentNodes;
  const persistentIps =
    persistent.maxSize * Math.max(...persistent.instanceTypes.map(ipsPerNode)) + PER_BUILD.controlPlaneEnis;
  const limits: [string, number][] = [
    ['private subnet addresses', Math.floor((privateIps - persistentIps) / ipsPerBuild)],
    ['public subnet addresses (NLB)', Math.floor(usable(layout.public) / PER_BUILD.nlbs) - 1],
    ['EKS clusters per Region', QUOTAS.eksClustersPerRegion - 1],
    ['NLBs per Region', QUOTAS.nlbsPerRegion - 1],
    [
      'security groups per Region',
      Math.floor((QUOTAS.securityGroupsPerRegion - 20) / PER_BUILD.securityGroups),
    ],
    ['Route 53 API rate', largestBy((n) => route53RequestsPerSecond(n) <= QUOTAS.route53RequestsPerSecond)],
  ];
  const [bindingLimit, maxConcurrentBuilds] = limits.reduce((a, b) => (b[1] < a[1] ? b : a));
  const byName = Object.fromEntries(limits);
  return {
    env: config.name,
    ipsPerNode: perNode,
    ipsPerBuild,
    privateIps,
    byPrivateIps: byName['private subnet addresses'],
    byPublicIps: byName['public subnet addresses (NLB)'],
    byEksQuota: byName['EKS clusters per Region'],
    byNlbQuota: byName['NLBs per Region'],
    bySecurityGroups: byName['security groups per Region'],
    byRoute53: byName['Route 53 API rate'],
    maxConcurrentBuilds,
    bindingLimit,
    costPerBuildHourUsd:
      PRICES_USD.eksClusterHour + nodeCostPerHour(nodes) + PER_BUILD.nlbs * PRICES_USD.nlbHour,
  };
}

/** docs/capacity.md, from the reports of every environment. */
export function renderCapacity(reports: readonly CapacityReport[], target: number): string {
  const row = (label: string, pick: (r: CapacityReport) => string | number) =>
    `| ${label} | ${reports.map(pick).join(' | ')} |`;
  const lines = [
    '# Capacity',
    '',
    'Generated by `npm run capacity` from `config/environments.json` and the constants in',
    '`lib/ops/perf/capacity.ts` (each with its AWS source); a test fails when this file is stale.',
    '',
    `How many ephemeral builds one Foundation holds at once (target: ${target}), the limit that binds`,
    'first, and the on-demand cost of one build-hour (EKS control plane, the ephemeral node group at',
    'its desired size with its root volumes, the kong NLB; NAT, data transfer and LCUs excluded).',
    '',
    `| | ${reports.map((r) => r.env).join(' | ')} |`,
    `| --- | ${reports.map(() => '---:').join(' | ')} |`,
    row('IPs per ephemeral node (all ENIs full)', (r) => r.ipsPerNode),
    row('IPs per build (max nodes + control-plane ENIs)', (r) => r.ipsPerBuild),
    row('private subnet IPs (all AZs)', (r) => r.privateIps),
    row('builds by private IPs', (r) => r.byPrivateIps),
    row('builds by public IPs (NLB)', (r) => r.byPublicIps),
    row('builds by EKS clusters quota', (r) => r.byEksQuota),
    row('builds by NLB quota', (r) => r.byNlbQuota),
    row('builds by security groups per Region', (r) => r.bySecurityGroups),
    row('builds by Route 53 API rate', (r) => r.byRoute53),
    row('**concurrent builds**', (r) => `**${r.maxConcurrentBuilds}**`),
    row('binding limit', (r) => r.bindingLimit),
    row('USD per build-hour', (r) => r.costPerBuildHourUsd.toFixed(3)),
    '',
  ];
  const short = reports.filter((r) => r.maxConcurrentBuilds < target);
  if (short.length > 0) {
    lines.push(
      `Below the target of ${target} in ${short.map((r) => r.env).join(', ')}: the binding limit is an account quota,`,
      'not a config default; raise it with a Service Quotas request before running that many builds.',
      '',
    );
  } else {
    lines.push(`Every environment holds the target of ${target} concurrent builds.`, '');
  }
  return lines.join('\n');
}

/** Concurrent builds one Foundation should hold. */
export const CAPACITY_TARGET_BUILDS = 50;
