import { parseBuildId } from '../../../lib/model/build-id';
import {
  bootstrapConfigMapData,
  bootstrapValues,
  checkFoundationServes,
  clusterDeployment,
} from '../../../lib/model/cluster-values';
import { buildContract } from '../../../lib/model/contract';
import { ciDeployRoleName, clusterName } from '../../../lib/model/naming';
import { envConfig } from '../../util';

describe('clusterDeployment', () => {
  test('an Ephemeral cluster without a build id is refused, with what to run', () => {
    expect(() => clusterDeployment('dev', 'ephemeral')).toThrow(
      'Missing build id: -c buildId: received (missing); an Ephemeral cluster needs one, for example: npx cdk deploy Ephemeral -c buildId=pr-123',
    );
  });

  test.each([
    ['persistent', undefined, 'goldenpath-dev-persistent'],
    ['ephemeral', '26-01-23-01', 'goldenpath-dev-b-26-01-23-01'],
    ['ephemeral', 'abcdefghij0123456789', 'goldenpath-dev-b-abcdefghij0123456789'],
  ] as const)('%s %s is cluster %s', (lifecycle, id, name) => {
    const d = clusterDeployment('dev', lifecycle, id === undefined ? undefined : parseBuildId(id));
    expect(clusterName(d)).toBe(name);
    expect(name.length).toBeLessThanOrEqual(100);
  });

  test('the CI deploy role name is the one the Foundation creates', () => {
    expect(ciDeployRoleName('staging')).toBe('goldenpath-staging-ci-deploy');
  });
});

describe('checkFoundationServes', () => {
  const noDatabase = { ...envConfig('dev'), database: undefined };

  test.each([
    ['ephemeral', 1.5],
    ['persistent', 1.5],
  ] as const)('a %s cluster up to tier %s needs no database', (lifecycle, tier) => {
    expect(() => checkFoundationServes(noDatabase, lifecycle, tier)).not.toThrow();
  });

  test('maxTier=2 on an ephemeral cluster without a database', () => {
    expect(() => checkFoundationServes(noDatabase, 'ephemeral', 2)).toThrow(
      '-c maxTier=2: the Foundation of environment "dev" cannot serve an ephemeral cluster: capability "database" (needed by tier 2) is not provided by environments.dev; lower -c maxTier, or add it to config/environments.json',
    );
  });
});

describe('bootstrap values', () => {
  test('an ephemeral build, as the ConfigMap holds them', () => {
    const config = envConfig('dev');
    const contract = buildContract(config, (key) => `<${key}>`);
    const d = clusterDeployment('dev', 'ephemeral', parseBuildId('pr-123'));
    expect(bootstrapConfigMapData(bootstrapValues(config, d, 1.5, contract))).toEqual({
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
    const values = bootstrapValues(
      config,
      clusterDeployment('prod', 'persistent'),
      3,
      buildContract(config, (k) => k),
    );
    expect([values.buildId, values.hostSuffix, values.dnsOwnerId, values.clusterName]).toEqual([
      undefined,
      'prod.goldenpathidp.io',
      'goldenpath-prod',
      'goldenpath-prod-persistent',
    ]);
  });
});
