import { ALL_LIFECYCLES } from '../definition';
import { tier2App } from './tier';

/** Loki, single binary, storing chunks, rules and admin data in the Foundation's log bucket (tier 2, wave 101). */
export const loki = tier2App({
  name: 'loki',
  wave: 101,
  namespace: 'loki',
  chart: 'loki',
  needs: ['logBucket'],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'Loki storing in the Foundation’s log bucket',
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
          s3: { region: bootstrap.region },
        },
      },
      serviceAccount: { name: 'loki' },
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
