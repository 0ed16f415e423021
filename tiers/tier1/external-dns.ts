import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PlatformApplication } from '../application';
import type { AppChartProps } from '../context';

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

/**
 * ExternalDNS (tier 1, wave 20), every flag from `dnsScope()`: domain filter = host suffix,
 * zone-id filter = the Foundation zone, TXT owner and prefix, policy `sync`. IAM holds it to the
 * same scope whatever these flags say.
 */
export class ExternalDnsChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const dns = props.context.externalDns;
    const values: ExternalDnsValues = {
      provider: { name: 'aws' },
      sources: ['service', 'ingress'],
      domainFilters: dns.domainFilters,
      txtOwnerId: dns.txtOwnerId,
      txtPrefix: dns.txtPrefix,
      policy: dns.policy,
      registry: dns.registry,
      extraArgs: [...dns.zoneIdFilters.map((z) => `--zone-id-filter=${z}`), '--aws-zone-type=public'],
      env: [{ name: 'AWS_DEFAULT_REGION', value: props.context.bootstrap.region }],
      serviceAccount: { name: 'external-dns' },
    };
    new PlatformApplication(this, 'Application', { ...props, values });
  }
}
