import { LOKI_SERVICE_ACCOUNT, lokiStoragePrefix } from '../../lib/model/loki-storage';
import { PERSISTENT_ONLY } from '../definition';
import { tier2App } from './tier';

/**
 * Loki, single binary, storing chunks, rules and admin data under `loki-<clusterName>/` of the
 * Foundation's log bucket (tier 2, wave 101), with the credentials of its Pod Identity role (the
 * `loki` identity of `WorkloadIdentities`, which may touch that prefix only). The thanos object
 * store client, because only it takes a key prefix.
 */
export const loki = tier2App({
  name: 'loki',
  wave: 101,
  namespace: LOKI_SERVICE_ACCOUNT.namespace,
  chart: 'loki',
  needs: ['logBucket'],
  secrets: [],
  lifecycles: PERSISTENT_ONLY,
  summary: 'Loki storing in its own prefix of the Foundation’s log bucket',
  workloadIdentity: LOKI_SERVICE_ACCOUNT,
  values: ({ bootstrap }) => {
    const bucket = bootstrap.logBucketName;
    return {
      deploymentMode: 'SingleBinary',
      loki: {
        auth_enabled: false,
        commonConfig: { replication_factor: 1 },
        schemaConfig: {
          configs: [
            {
              from: '2024-04-01',
              store: 'tsdb',
              object_store: 's3',
              schema: 'v13',
              index: { prefix: 'loki_index_', period: '24h' },
            },
          ],
        },
        storage: {
          type: 's3',
          bucketNames: { chunks: bucket, ruler: bucket, admin: bucket },
          use_thanos_objstore: true,
          object_store: {
            type: 's3',
            storage_prefix: lokiStoragePrefix(bootstrap.clusterName),
            s3: { endpoint: `s3.${bootstrap.region}.amazonaws.com`, region: bootstrap.region },
          },
        },
      },
      serviceAccount: { create: true, name: LOKI_SERVICE_ACCOUNT.serviceAccount },
      singleBinary: { replicas: 1 },
      read: { replicas: 0 },
      write: { replicas: 0 },
      backend: { replicas: 0 },
      minio: { enabled: false },
      chunksCache: { enabled: false },
      resultsCache: { enabled: false },
    };
  },
});
