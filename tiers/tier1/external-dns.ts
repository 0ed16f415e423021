import type { WorkloadIdentity } from '../../lib/model/catalogue';
import { ALL_LIFECYCLES } from '../definition';
import { tier1App } from './tier';

/** Values of the external-dns chart this app sets. */
export interface ExternalDnsValues {
  readonly provider: { readonly name: 'aws' };
  readonly sources: readonly string[];
  readonly domainFilters: readonly string[];
  readonly txtOwnerId: string;
  readonly txtPrefix: string;
  readonly policy: 'sync';
  readonly registry: 'txt';
  readonly extraArgs: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly serviceAccount: { readonly name: string };
}

const IDENTITY: WorkloadIdentity = { namespace: 'external-dns', serviceAccount: 'external-dns' };

/**
 * ExternalDNS (tier 1, wave 20), every flag from `dnsScope()`: domain filter = host suffix,
 * zone-id filter = the Foundation zone, TXT owner and prefix, policy `sync`. IAM holds it to the
 * same scope whatever these flags say.
 */
export const externalDns = tier1App({
  name: 'external-dns',
  wave: 20,
  namespace: IDENTITY.namespace,
  chart: 'externalDns',
  needs: ['zone', 'iam'],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'ExternalDNS scoped to the host suffix and the Foundation zone',
  workloadIdentity: IDENTITY,
  values: (context): ExternalDnsValues => {
    const dns = context.externalDns;
    return {
      provider: { name: 'aws' },
      sources: ['service', 'ingress'],
      domainFilters: dns.domainFilters,
      txtOwnerId: dns.txtOwnerId,
      txtPrefix: dns.txtPrefix,
      policy: dns.policy,
      registry: dns.registry,
      extraArgs: [
        ...dns.zoneIdFilters.map((z) => `--zone-id-filter=${z}`),
        '--aws-zone-type=public',
        // A build's filter (b-<id>.<env>.<base>) is below the zone (<env>.<base>): without this the
        // aws provider drops the zone, as its name does not end in the filter.
        '--aws-zone-match-parent',
      ],
      env: [{ name: 'AWS_DEFAULT_REGION', value: context.bootstrap.region }],
      serviceAccount: { name: IDENTITY.serviceAccount },
    };
  },
});
