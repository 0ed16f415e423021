import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { BuildId } from '../../../lib/model/build-id';
import {
  type DnsScope,
  EXTERNAL_DNS_TXT_PREFIX,
  dnsScope,
  normalizeRecordName,
  txtRegistryName,
} from '../../../lib/model/dns-scope';
import type { ClusterDeployment } from '../../../lib/model/naming';

const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const ACCOUNT = '111111111111';
const BASE = 'goldenpathidp.io';

const persistent: ClusterDeployment = { env: 'dev', kind: 'persistent' };
const build1: ClusterDeployment = { env: 'dev', kind: 'ephemeral', buildId: '1' as BuildId };
const pr123: ClusterDeployment = { env: 'dev', kind: 'ephemeral', buildId: 'pr-123' as BuildId };

type Outcome = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** Asks the IAM simulator whether ExternalDNS may change `names` (as written in a change batch). */
async function change(
  scope: DnsScope,
  names: readonly string[],
  opts: { type?: string; action?: string; zoneId?: string; withoutNames?: boolean } = {},
): Promise<Outcome> {
  const namesKey: Record<string, string[]> = opts.withoutNames
    ? {}
    : { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': names.map(normalizeRecordName) };
  const response = await runSimulation(
    {
      identityPolicies: [
        { name: 'external-dns', policy: { Version: '2012-10-17', Statement: scope.statements } },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action: 'route53:ChangeResourceRecordSets',
        principal: `arn:aws:iam::${ACCOUNT}:role/external-dns`,
        resource: { accountId: ACCOUNT, resource: `arn:aws:route53:::hostedzone/${opts.zoneId ?? ZONE_ID}` },
        contextVariables: {
          ...namesKey,
          'route53:ChangeResourceRecordSetsRecordTypes': [opts.type ?? 'A'],
          'route53:ChangeResourceRecordSetsActions': [opts.action ?? 'UPSERT'],
        },
      },
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult;
}

describe('dnsScope values', () => {
  test.each<[ClusterDeployment, string, string]>([
    [persistent, 'dev.goldenpathidp.io', 'goldenpath-dev'],
    [pr123, 'b-pr-123.dev.goldenpathidp.io', 'goldenpath-dev-pr-123'],
    [{ env: 'prod', kind: 'persistent' }, 'prod.goldenpathidp.io', 'goldenpath-prod'],
  ])('%o: host suffix %s, owner %s', (deployment, hostSuffix, owner) => {
    const scope = dnsScope({ deployment, baseDomain: BASE, hostedZoneId: ZONE_ID });
    expect(scope.hostSuffix).toBe(hostSuffix);
    expect(scope.externalDns).toEqual({
      domainFilters: [hostSuffix],
      zoneIdFilters: [ZONE_ID],
      txtOwnerId: owner,
      txtPrefix: 'extdns-%{record_type}-',
      policy: 'sync',
      registry: 'txt',
    });
  });

  test('the TXT ownership record of a host stays next to it', () => {
    expect(EXTERNAL_DNS_TXT_PREFIX).toBe('extdns-%{record_type}-');
    expect(txtRegistryName('argocd.b-pr-123.dev.goldenpathidp.io', 'CNAME')).toBe(
      'extdns-cname-argocd.b-pr-123.dev.goldenpathidp.io',
    );
  });

  test('normalizes names as Route 53 does', () => {
    expect(normalizeRecordName('*.B-1.Dev.goldenpathidp.io.')).toBe('\\052.b-1.dev.goldenpathidp.io');
  });
});

describe('ephemeral ExternalDNS IAM scope (simulated)', () => {
  const scope = dnsScope({ deployment: build1, baseDomain: BASE, hostedZoneId: ZONE_ID });

  test.each<[string, string[], Outcome]>([
    ['own build host', ['argocd.b-1.dev.goldenpathidp.io'], 'Allowed'],
    ['own build, deeper name', ['a.grafana.b-1.dev.goldenpathidp.io'], 'Allowed'],
    ['own build, upper case and trailing dot', ['ARGOCD.B-1.dev.goldenpathidp.io.'], 'Allowed'],
    ['own build wildcard (\\052)', ['*.b-1.dev.goldenpathidp.io'], 'Allowed'],
    [
      'own build host with its TXT record',
      ['argocd.b-1.dev.goldenpathidp.io', txtRegistryName('argocd.b-1.dev.goldenpathidp.io', 'A')],
      'Allowed',
    ],
    ['own build label itself', ['b-1.dev.goldenpathidp.io'], 'ImplicitlyDenied'],
    ['another build', ['argocd.b-2.dev.goldenpathidp.io'], 'ImplicitlyDenied'],
    [
      'a longer build id with the same start (b-10)',
      ['argocd.b-10.dev.goldenpathidp.io'],
      'ImplicitlyDenied',
    ],
    ['a prefix look-alike (xb-1)', ['argocd.xb-1.dev.goldenpathidp.io'], 'ImplicitlyDenied'],
    ['a look-alike label ending in b-1', ['argocd-b-1.dev.goldenpathidp.io'], 'ImplicitlyDenied'],
    ['the environment apex', ['dev.goldenpathidp.io'], 'ImplicitlyDenied'],
    ['a persistent host', ['argocd.dev.goldenpathidp.io'], 'ImplicitlyDenied'],
    ['the environment wildcard', ['*.dev.goldenpathidp.io'], 'ImplicitlyDenied'],
    ['the base domain wildcard', ['*.goldenpathidp.io'], 'ImplicitlyDenied'],
    ['another environment', ['argocd.b-1.test.goldenpathidp.io'], 'ImplicitlyDenied'],
    [
      'a batch with one name outside',
      ['argocd.b-1.dev.goldenpathidp.io', 'argocd.dev.goldenpathidp.io'],
      'ImplicitlyDenied',
    ],
  ])('%s', async (_case, names, expected) => {
    await expect(change(scope, names)).resolves.toBe(expected);
  });

  test.each<[string, { type?: string; action?: string; zoneId?: string; withoutNames?: boolean }, Outcome]>([
    ['TXT ownership record', { type: 'TXT' }, 'Allowed'],
    ['CNAME', { type: 'CNAME' }, 'Allowed'],
    ['NS record (delegation)', { type: 'NS' }, 'ImplicitlyDenied'],
    ['DELETE', { action: 'DELETE' }, 'Allowed'],
    ['another hosted zone', { zoneId: 'ZOTHERZONE' }, 'ImplicitlyDenied'],
    ['a request without record names', { withoutNames: true }, 'ImplicitlyDenied'],
  ])('%s', async (_case, opts, expected) => {
    await expect(change(scope, ['extdns-a-argocd.b-1.dev.goldenpathidp.io'], opts)).resolves.toBe(expected);
  });
});

describe('persistent ExternalDNS IAM scope (simulated)', () => {
  const scope = dnsScope({ deployment: persistent, baseDomain: BASE, hostedZoneId: ZONE_ID });

  test.each<[string, string[], Outcome]>([
    ['environment host', ['argocd.dev.goldenpathidp.io'], 'Allowed'],
    ['environment host, upper case and trailing dot', ['Backstage.DEV.goldenpathidp.io.'], 'Allowed'],
    ['its TXT record', [txtRegistryName('argocd.dev.goldenpathidp.io', 'A')], 'Allowed'],
    ['a look-alike of a build label (xb-1)', ['xb-1.dev.goldenpathidp.io'], 'Allowed'],
    ['a build host', ['argocd.b-1.dev.goldenpathidp.io'], 'ExplicitlyDenied'],
    ['a build TXT record', [txtRegistryName('argocd.b-1.dev.goldenpathidp.io', 'A')], 'ExplicitlyDenied'],
    ['a build label', ['b-1.dev.goldenpathidp.io'], 'ExplicitlyDenied'],
    ['a build wildcard (\\052)', ['*.b-10.dev.goldenpathidp.io'], 'ExplicitlyDenied'],
    ['the environment wildcard', ['*.dev.goldenpathidp.io'], 'ExplicitlyDenied'],
    [
      'a batch with one build name',
      ['argocd.dev.goldenpathidp.io', 'grafana.b-7.dev.goldenpathidp.io'],
      'ExplicitlyDenied',
    ],
    ['the environment apex', ['dev.goldenpathidp.io'], 'ImplicitlyDenied'],
    ['the base domain wildcard', ['*.goldenpathidp.io'], 'ImplicitlyDenied'],
    ['another environment', ['argocd.test.goldenpathidp.io'], 'ImplicitlyDenied'],
  ])('%s', async (_case, names, expected) => {
    await expect(change(scope, names)).resolves.toBe(expected);
  });
});
