import {
  ChangeResourceRecordSetsCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandOutput,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import { type RetryBudget, errorLine, isNamed, isThrottled, waitForRetry, withThrottleRetry } from './retry';

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

const label = (rr: ResourceRecordSet) =>
  `${rr.Type} ${recordName(rr.Name ?? '')}${rr.SetIdentifier ? ` (${rr.SetIdentifier})` : ''}`;

/** Route 53 refuses a change whose records no longer match (ExternalDNS changed one): list again. */
const isStale = (err: unknown) => isNamed(err, 'InvalidChangeBatch');

/** What the record sweep did: deleted (or, dry, would delete) and what it left, with why. */
export interface RecordSweep {
  readonly records: string[];
  readonly left: string[];
}

/**
 * Deletes the record sets at and under `hostSuffix` in the zone (never the apex), in batches of
 * 100. Throttling and a batch refused because a record changed since it was listed are retried
 * by listing again, until the deadline; any other refusal leaves that batch's records, reported.
 */
export async function sweepRecords(
  route53: Route53Client,
  zoneId: string,
  hostSuffix: string,
  options: RetryBudget & { readonly dryRun: boolean },
): Promise<RecordSweep> {
  const suffix = recordName(hostSuffix);
  const zone = await withThrottleRetry(() => route53.send(new GetHostedZoneCommand({ Id: zoneId })), options);
  const zoneName = recordName(zone.HostedZone?.Name ?? '');
  // The suffix must be strictly inside the zone: sweeping the zone itself would take everything.
  if (!suffix.endsWith(`.${zoneName}`)) {
    return {
      records: [],
      left: [
        `record sets under ${suffix}: refused, it is not strictly under the zone ${zoneName} (${zoneId})`,
      ],
    };
  }
  const deleted = new Set<string>();
  const givenUp = new Map<string, string>();
  for (;;) {
    const doomed = (await listUnder(route53, zoneId, zoneName, suffix, options)).filter(
      (rr) => !givenUp.has(label(rr)),
    );
    if (options.dryRun) return { records: doomed.map(label), left: [] };
    const retry = new Map<string, string>();
    for (let i = 0; i < doomed.length; i += 100) {
      const batch = doomed.slice(i, i + 100);
      try {
        await route53.send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: zoneId,
            ChangeBatch: {
              Comment: `sweep ${suffix}`,
              Changes: batch.map((rr) => ({ Action: 'DELETE', ResourceRecordSet: rr })),
            },
          }),
        );
        batch.forEach((rr) => deleted.add(label(rr)));
      } catch (err) {
        const into = isThrottled(err) || isStale(err) ? retry : givenUp;
        batch.forEach((rr) => into.set(label(rr), errorLine(err)));
      }
    }
    if (retry.size === 0 || !(await waitForRetry(options))) {
      const left = [...givenUp, ...retry].map(([name, why]) => `record set ${name}: ${why}`);
      return { records: [...deleted], left };
    }
  }
}

async function listUnder(
  route53: Route53Client,
  zoneId: string,
  zoneName: string,
  suffix: string,
  budget: RetryBudget,
): Promise<ResourceRecordSet[]> {
  const found: ResourceRecordSet[] = [];
  let next: { name?: string; type?: string; id?: string } | undefined = {};
  while (next) {
    const from = next;
    const page: ListResourceRecordSetsCommandOutput = await withThrottleRetry(
      () =>
        route53.send(
          new ListResourceRecordSetsCommand({
            HostedZoneId: zoneId,
            StartRecordName: from.name,
            StartRecordType: from.type as ResourceRecordSet['Type'],
            StartRecordIdentifier: from.id,
          }),
        ),
      budget,
    );
    for (const rr of page.ResourceRecordSets ?? []) {
      const apex = recordName(rr.Name ?? '') === zoneName;
      if (!apex && isUnder(rr.Name ?? '', suffix)) found.push(rr);
    }
    next = page.IsTruncated
      ? { name: page.NextRecordName, type: page.NextRecordType, id: page.NextRecordIdentifier }
      : undefined;
  }
  return found;
}
