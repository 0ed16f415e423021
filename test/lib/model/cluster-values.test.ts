import { parseBuildId } from '../../../lib/model/build-id';
import type { ClusterSpec } from '../../../lib/model/app-context';
import { bootstrapConfigMapData, bootstrapValues } from '../../../lib/model/cluster-values';
import type { EnvironmentConfig } from '../../../lib/model/config';
import { buildContract } from '../../../lib/model/contract';
import { dnsScope } from '../../../lib/model/dns-scope';
import { PLATFORM_CATALOGUE } from '../../../tiers/catalogue';
import { envConfig } from '../../util';

/** `bootstrapValues` with the DNS scope computed as `planCluster` does. */
function values(
  config: EnvironmentConfig,
  cluster: ClusterSpec,
  contract = buildContract(config, PLATFORM_CATALOGUE, (k) => `<${k}>`),
) {
  const dns = dnsScope({
    deployment: cluster,
    baseDomain: config.baseDomain,
    hostedZoneId: contract.hostedZoneId,
  });
  return bootstrapValues(config, cluster, contract, dns);
}

describe('bootstrap values', () => {
  test('an ephemeral build, as the ConfigMap holds them', () => {
    const config = envConfig('dev');
    const cluster: ClusterSpec = {
      env: 'dev',
      kind: 'ephemeral',
      buildId: parseBuildId('pr-123'),
      maxTier: 1.5,
      ttlHours: 24,
    };
    expect(bootstrapConfigMapData(values(config, cluster))).toEqual({
      mode: 'ephemeral',
      maxTier: '1.5',
      env: 'dev',
      buildId: 'pr-123',
      hostSuffix: 'b-pr-123.dev.goldenpathidp.io',
      dnsOwnerId: 'goldenpath-dev-pr-123',
      account: '111111111111',
      region: 'eu-west-2',
      clusterName: 'goldenpath-dev-b-pr-123',
      vpcId: '<vpc/id>',
      hostedZoneId: '<zone/id>',
      hostedZoneName: '<zone/name>',
      logBucketName: '<log-bucket/name>',
      'capability.vpc': 'true',
      'capability.zone': 'true',
      'capability.iam': 'true',
      'capability.appSecrets': 'true',
      'capability.logBucket': 'true',
      'capability.database': 'true',
    });
  });

  test('the persistent cluster has no build id and the environment suffix', () => {
    const config = envConfig('prod');
    const { buildId, hostSuffix, dnsOwnerId, clusterName } = values(config, {
      env: 'prod',
      kind: 'persistent',
      maxTier: 3,
    });
    expect([buildId, hostSuffix, dnsOwnerId, clusterName]).toEqual([
      undefined,
      'prod.goldenpathidp.io',
      'goldenpath-prod',
      'goldenpath-prod-persistent',
    ]);
  });
});
