import { WORKLOAD_SERVICE_ACCOUNTS } from '../../../constructs/cluster/workload-identities';
import { loki } from '../../../tiers/tier2/loki';
import { expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('loki', () => {
  // Tier 2 runs on the persistent cluster only (a build stops at 1.5).
  test('rendered for the persistent cluster, maxTier 2', () => {
    expect(renderTiers('persistent', 2).apps.loki).toMatchSnapshot();
  });

  test('tier 2, wave 101, pinned chart, in its namespace', () => {
    expectApplicationOf(renderedApplication('persistent', 2, 'loki'), loki);
  });

  test('stores under its own cluster’s prefix of the Foundation’s log bucket', () => {
    const bucket = 'goldenpath-dev-foundation-logs-111111111111';
    const cluster = 'goldenpath-dev-persistent';
    expect(helmValues(renderedApplication('persistent', 2, 'loki')).loki.storage).toEqual({
      type: 's3',
      bucketNames: { chunks: bucket, ruler: bucket, admin: bucket },
      // The prefix the cluster's Loki identity is limited to (WorkloadIdentities).
      use_thanos_objstore: true,
      object_store: {
        type: 's3',
        storage_prefix: `loki-${cluster}`,
        s3: { endpoint: 's3.eu-west-2.amazonaws.com', region: 'eu-west-2' },
      },
    });
  });

  test('runs as the service account its Pod Identity association names, in its namespace', () => {
    const values = helmValues(renderedApplication('persistent', 2, 'loki'));
    expect(values.serviceAccount).toEqual({
      create: true,
      name: WORKLOAD_SERVICE_ACCOUNTS.loki.serviceAccount,
    });
    expect(loki.namespace).toBe(WORKLOAD_SERVICE_ACCOUNTS.loki.namespace);
  });
});
