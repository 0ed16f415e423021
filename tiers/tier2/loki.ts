import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PlatformApplication } from '../application';
import type { AppChartProps } from '../context';

/** Loki, single binary, storing chunks, rules and admin data in the Foundation's log bucket (tier 2, wave 101). */
export class LokiChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const b = props.context.bootstrap;
    const bucket = b.logBucketName;
    const values = {
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
          s3: { region: b.region },
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
    new PlatformApplication(this, 'Application', { ...props, values });
  }
}
