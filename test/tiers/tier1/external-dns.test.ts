import { externalDns } from '../../../tiers/tier1/external-dns';
import { BUILD_ID, expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('external-dns', () => {
  const app = () => renderedApplication('ephemeral', 1, 'external-dns');

  test(`rendered for build ${BUILD_ID}, maxTier 1.5`, () => {
    expect(renderTiers('ephemeral', 1.5).apps['external-dns']).toMatchSnapshot();
  });

  test('tier 1, wave 20, pinned chart, in its namespace', () => {
    expectApplicationOf(app(), externalDns);
  });

  test('takes every setting from the DNS scope', () => {
    expect(helmValues(app())).toMatchObject({
      domainFilters: [`b-${BUILD_ID}.dev.goldenpathidp.io`],
      txtOwnerId: `goldenpath-dev-${BUILD_ID}`,
      txtPrefix: 'extdns-%{record_type}-',
      policy: 'sync',
      registry: 'txt',
      extraArgs: [
        '--zone-id-filter=Z0123456789ABCDEFGHIJ',
        '--aws-zone-type=public',
        '--aws-zone-match-parent',
      ],
    });
  });

  test('runs as the service account that gets the Pod Identity role', () => {
    expect(externalDns.workloadIdentity).toEqual({
      namespace: 'external-dns',
      serviceAccount: 'external-dns',
    });
    expect(helmValues(app()).serviceAccount).toEqual({ name: 'external-dns' });
  });
});
