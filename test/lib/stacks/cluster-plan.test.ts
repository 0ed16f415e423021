import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import type { ClusterSpec } from '../../../lib/model/app-context';
import { parseBuildId } from '../../../lib/model/build-id';
import type { EnvironmentConfig } from '../../../lib/model/config';
import { buildContract } from '../../../lib/model/contract';
import { planCluster } from '../../../lib/stacks/cluster-plan';
import { PLATFORM_CATALOGUE } from '../../../tiers/catalogue';
import { envConfig, userInputMessage } from '../../util';

const PERSISTENT: ClusterSpec = { env: 'dev', kind: 'persistent', maxTier: 3 };
const BUILD: ClusterSpec = {
  env: 'dev',
  kind: 'ephemeral',
  buildId: parseBuildId('pr-7'),
  maxTier: 1.5,
  ttlHours: 12,
};

/** Freezes `value` and everything in it, so a test fails if the plan changes its input. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

function plan(deployment: ClusterSpec, config: EnvironmentConfig = envConfig('dev')) {
  return planCluster(
    config,
    deployment,
    buildContract(config, PLATFORM_CATALOGUE, (k) => `<${k}>`),
  );
}

describe('planCluster', () => {
  test('pure: equal input gives an equal plan, and the input is left as it was', () => {
    const config = deepFreeze(envConfig('dev'));
    const before = JSON.stringify(config);
    const contract = buildContract(config, PLATFORM_CATALOGUE, (k) => `<${k}>`);
    const first = planCluster(config, deepFreeze({ ...BUILD }), contract);
    const second = planCluster(config, deepFreeze({ ...BUILD }), contract);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(JSON.stringify(config)).toBe(before);
  });

  test.each<[string, ClusterSpec, Record<string, unknown>]>([
    [
      'persistent',
      PERSISTENT,
      {
        names: {
          stack: 'goldenpath-dev-persistent',
          cluster: 'goldenpath-dev-persistent',
          zone: 'dev.goldenpathidp.io',
        },
        description: 'goldenpath dev persistent EKS cluster, maxTier 3',
        hostSuffix: 'dev.goldenpathidp.io',
        owner: 'goldenpath-dev',
        ttl: undefined,
        keys: RemovalPolicy.RETAIN,
        nodes: 'persistentNodes',
        sweeper: undefined,
      },
    ],
    [
      'ephemeral',
      BUILD,
      {
        names: {
          stack: 'goldenpath-dev-b-pr-7',
          cluster: 'goldenpath-dev-b-pr-7',
          zone: 'dev.goldenpathidp.io',
        },
        description: 'goldenpath dev build pr-7: ephemeral EKS cluster, maxTier 1.5',
        hostSuffix: 'b-pr-7.dev.goldenpathidp.io',
        owner: 'goldenpath-dev-pr-7',
        ttl: '12',
        keys: RemovalPolicy.DESTROY,
        nodes: 'ephemeralNodes',
        sweeper: { hostSuffix: 'b-pr-7.dev.goldenpathidp.io' },
      },
    ],
  ])('%s: names, tags, DNS scope, bootstrap values and cluster settings', (_, deployment, expected) => {
    const config = envConfig('dev');
    const p = plan(deployment, config);
    expect({
      names: p.names,
      description: p.description,
      hostSuffix: p.dns.hostSuffix,
      owner: p.dns.externalDns.txtOwnerId,
      ttl: p.tags.TtlHours,
      keys: p.cluster.keyRemovalPolicy,
      nodes: p.cluster.nodes === config.cluster.persistentNodes ? 'persistentNodes' : 'ephemeralNodes',
      sweeper: p.sweeper,
    }).toEqual(expected);
    // One DNS scope: the bootstrap values and the rendered ExternalDNS values are the plan's.
    expect([p.bootstrap.hostSuffix, p.bootstrap.dnsOwnerId, p.bootstrap.maxTier]).toEqual([
      p.dns.hostSuffix,
      p.dns.externalDns.txtOwnerId,
      deployment.maxTier,
    ]);
    expect(JSON.stringify(p.tiers.apps['external-dns'])).toContain(
      `"txtOwnerId":"${p.dns.externalDns.txtOwnerId}"`,
    );
    // The CI roles of the lifecycle: deploy and nightly on the persistent cluster, build on a build's.
    const ci = (role: string) => `arn:${Aws.PARTITION}:iam::${config.account}:role/goldenpath-dev-ci-${role}`;
    expect(p.cluster.adminRoleArns).toEqual(
      deployment.kind === 'ephemeral'
        ? { PlatformAdmin: config.cluster.adminRoleArn, CiBuild: ci('build') }
        : { PlatformAdmin: config.cluster.adminRoleArn, CiDeploy: ci('deploy'), CiNightly: ci('nightly') },
    );
  });

  test('the gating result and the rendered tiers agree; ArgoCD gets StorageClass, ConfigMap, then the tiers', () => {
    const p = plan(BUILD);
    expect(p.gating.selected.map((e) => e.name)).toEqual(Object.keys(p.tiers.apps));
    expect(p.gating.selected.every((e) => e.tier <= 1.5)).toBe(true);
    expect(p.objects.map((o) => o.kind).slice(0, 2)).toEqual(['StorageClass', 'ConfigMap']);
    expect(p.objects.slice(2)).toEqual(p.tiers.manifests);
  });

  test('a Foundation that cannot serve the tiers: every problem in one error, before anything renders', () => {
    const config = { ...envConfig('dev'), database: undefined };
    expect(userInputMessage(() => plan({ ...PERSISTENT, maxTier: 2 }, config))).toBe(
      [
        '-c maxTier=2: the Foundation of environment "dev" cannot serve a persistent cluster:',
        '  - capability "database" (needed by tier 2) is not provided by environments.dev; lower -c maxTier below 2, or add it to config/environments.json',
        '  - backstage (tier 2) reads secret "backstage/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
        '  - grafana-postgresql (tier 2) reads secret "grafana/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
      ].join('\n'),
    );
  });

  test('the longest build id still gives a valid EKS cluster name', () => {
    const p = plan({ ...BUILD, buildId: parseBuildId('abcdefghij0123456789') });
    expect(p.names.cluster).toBe('goldenpath-dev-b-abcdefghij0123456789');
    expect(p.names.cluster.length).toBeLessThanOrEqual(100);
  });
});
