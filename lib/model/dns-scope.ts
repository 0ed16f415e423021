import { type ClusterDeployment, dnsOwnerId } from './naming';

/**
 * ExternalDNS's TXT registry prefix, chosen once. ExternalDNS puts the prefix (with
 * `%{record_type}` replaced by the record type, lower case) in front of the record's first label,
 * so the ownership record of `argocd.<suffix>` (A) is `extdns-a-argocd.<suffix>`: it stays in the
 * same parent domain as the record it owns, and so inside the same IAM scope. It also keeps TXT
 * names off the record names themselves (a CNAME cannot share its name with a TXT record).
 *
 * @see https://kubernetes-sigs.github.io/external-dns/v0.23.0/docs/registry/txt/
 */
export const EXTERNAL_DNS_TXT_PREFIX = 'extdns-%{record_type}-';

/** Record types ExternalDNS may write: what Services and Ingresses need, plus its TXT registry. */
export const EXTERNAL_DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'TXT'] as const;

/** The Route 53 change actions ExternalDNS uses with policy `sync`. */
export const EXTERNAL_DNS_CHANGE_ACTIONS = ['CREATE', 'UPSERT', 'DELETE'] as const;

/** Route 53's condition key; values are lower case, without trailing dot, `*` written `\052`. */
export const NORMALIZED_NAMES_KEY = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';

/** The Route 53 condition pattern of the names strictly under a host suffix (one or more labels). */
export function namesUnder(hostSuffix: string): string {
  return `*.${hostSuffix}`;
}

/** IAM policy conditions in policy-document JSON form. */
export type PolicyConditionsJson = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/**
 * The conditions of a build sweeper's record deletes (DESIGN §9): DELETE only, and only names at or
 * under the build's host suffix (the same names ExternalDNS may write there, plus the suffix itself).
 */
export function sweepRecordConditions(hostSuffix: string): PolicyConditionsJson {
  return {
    'ForAllValues:StringLike': { [NORMALIZED_NAMES_KEY]: [hostSuffix, namesUnder(hostSuffix)] },
    'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsActions': ['DELETE'] },
    // ForAllValues holds when a key is absent: both must be present for the statement to apply.
    Null: { [NORMALIZED_NAMES_KEY]: ['false'], 'route53:ChangeResourceRecordSetsActions': ['false'] },
  };
}

/** The ExternalDNS settings of one cluster (the Helm values the tier catalogue renders). */
export interface ExternalDnsSettings {
  /** Only names under these domains are managed: the cluster's host suffix. */
  readonly domainFilters: readonly string[];
  /** Only the Foundation's zone is considered. */
  readonly zoneIdFilters: readonly string[];
  /** TXT registry owner id: `goldenpath-<env>` or `goldenpath-<env>-<buildId>`. */
  readonly txtOwnerId: string;
  readonly txtPrefix: string;
  readonly policy: 'sync';
  readonly registry: 'txt';
}

/** An IAM policy statement in policy-document JSON form. */
export interface PolicyStatementJson {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: PolicyConditionsJson;
}

export interface DnsScopeInput {
  readonly deployment: ClusterDeployment;
  /** The environment's base domain (config `baseDomain`, lower case). */
  readonly baseDomain: string;
  /** The Foundation's hosted zone id (a deploy-time token in a cluster stack). */
  readonly hostedZoneId: string;
  /** @default 'aws' */
  readonly partition?: string;
}

/** Everything a cluster knows about its place in DNS, from one function. */
export interface DnsScope {
  /** `<env>.<base>` (persistent) or `b-<buildId>.<env>.<base>` (ephemeral). */
  readonly hostSuffix: string;
  /** The Foundation zone's name, `<env>.<base>`. */
  readonly zoneName: string;
  readonly externalDns: ExternalDnsSettings;
  /** ExternalDNS's IAM policy: the hard guard of the scope. */
  readonly statements: readonly PolicyStatementJson[];
}

/**
 * The DNS scope of a cluster (DESIGN §5): host suffix, ExternalDNS settings and the IAM statements
 * that hold ExternalDNS to that scope whatever its flags say.
 *
 * - Ephemeral: changes only to names strictly under `b-<buildId>.<env>.<base>` (`*.` matches one
 *   or more labels; a look-alike such as `xb-1` or `b-10` has a different label, so it does not match).
 * - Persistent: names strictly under `<env>.<base>`, but never one under (or at) any `b-*` build
 *   label, nor the zone-wide wildcard `\052.<env>.<base>` that would answer for builds' names.
 *
 * Neither may change the zone apex (its NS and SOA records belong to the Foundation). Every name in a
 * change batch must pass (`ForAllValues`); a batch with one name outside is refused whole.
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
 */
export function dnsScope(input: DnsScopeInput): DnsScope {
  const { deployment: d, baseDomain } = input;
  const partition = input.partition ?? 'aws';
  const zoneName = `${d.env}.${baseDomain}`;
  const hostSuffix = d.kind === 'ephemeral' ? `b-${d.buildId}.${zoneName}` : zoneName;
  const zoneArn = `arn:${partition}:route53:::hostedzone/${input.hostedZoneId}`;

  const changeConditions = {
    'ForAllValues:StringLike': { [NORMALIZED_NAMES_KEY]: [namesUnder(hostSuffix)] },
    // ForAllValues holds for a missing key; require the names to be there.
    Null: { [NORMALIZED_NAMES_KEY]: ['false'] },
    'ForAllValues:StringEquals': {
      'route53:ChangeResourceRecordSetsRecordTypes': [...EXTERNAL_DNS_RECORD_TYPES],
      'route53:ChangeResourceRecordSetsActions': [...EXTERNAL_DNS_CHANGE_ACTIONS],
    },
  };
  const statements: PolicyStatementJson[] = [
    {
      Sid: 'ChangeRecordsInScope',
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets'],
      Resource: [zoneArn],
      Condition: changeConditions,
    },
  ];
  if (d.kind === 'persistent') {
    statements.push({
      Sid: 'NeverTouchBuildRecords',
      Effect: 'Deny',
      Action: ['route53:ChangeResourceRecordSets'],
      Resource: [zoneArn],
      Condition: {
        'ForAnyValue:StringLike': {
          [NORMALIZED_NAMES_KEY]: [`b-*.${zoneName}`, `*.b-*.${zoneName}`, `\\052.${zoneName}`],
        },
      },
    });
  }
  statements.push(
    {
      Sid: 'ReadZoneRecords',
      Effect: 'Allow',
      Action: [
        'route53:ListResourceRecordSets',
        'route53:ListTagsForResource',
        'route53:ListTagsForResources',
      ],
      Resource: [zoneArn],
    },
    // ExternalDNS lists zones to find the one its zone-id filter names; the action has no resource type.
    { Sid: 'ListZones', Effect: 'Allow', Action: ['route53:ListHostedZones'], Resource: ['*'] },
  );

  return {
    hostSuffix,
    zoneName,
    externalDns: {
      domainFilters: [hostSuffix],
      zoneIdFilters: [input.hostedZoneId],
      txtOwnerId: dnsOwnerId(d),
      txtPrefix: EXTERNAL_DNS_TXT_PREFIX,
      policy: 'sync',
      registry: 'txt',
    },
    statements,
  };
}

/**
 * A record name as Route 53 puts it in `route53:ChangeResourceRecordSetsNormalizedRecordNames`:
 * lower case, no trailing dot, `*` written `\052`. Tests use it to feed the IAM simulator what
 * Route 53 would.
 */
export function normalizeRecordName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '').replace(/\*/g, '\\052');
}

/**
 * The ownership TXT record name ExternalDNS writes for a record (new format, prefix on the
 * first label).
 */
export function txtRegistryName(recordName: string, recordType: string): string {
  const [first, ...rest] = recordName.split('.');
  const prefix = EXTERNAL_DNS_TXT_PREFIX.replace('%{record_type}', recordType.toLowerCase());
  return [`${prefix}${first}`, ...rest].join('.');
}
