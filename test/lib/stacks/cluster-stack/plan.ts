// A cluster stack is built from one plan, and the gating refuses what the Foundation cannot serve.
import { Template } from 'aws-cdk-lib/assertions';
import { parseBuildId } from '../../../../lib/model/build-id';
import { ClusterStack } from '../../../../lib/stacks/cluster-stack';
import { buildTestApp, envConfig, rawConfig, testApp } from '../../../util';
import { app } from './fixture';

describe('built from one plan', () => {
  const manifestKinds = (stack: ClusterStack) => {
    const [, manifest] = Object.entries(
      Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-KubernetesResource') as Record<
        string,
        { Properties: { Manifest: unknown } }
      >,
    )[0];
    const text = JSON.stringify(manifest.Properties.Manifest);
    return { text, kinds: [...text.matchAll(/\\"kind\\":\\"(\w+)\\"/g)].map((m) => m[1]) };
  };

  test("{ config, deployment } is all a ClusterStack takes; ArgoCD gets the plan's objects, StorageClass and ConfigMap first", () => {
    const stack = new ClusterStack(testApp(), 'Ephemeral', {
      config: envConfig('dev'),
      deployment: { env: 'dev', kind: 'ephemeral', buildId: parseBuildId('pr-9'), maxTier: 1, ttlHours: 5 },
    });
    const { plan } = stack;
    expect([
      plan.bootstrap.mode,
      plan.bootstrap.maxTier,
      plan.bootstrap.hostSuffix,
      plan.tags.TtlHours,
    ]).toEqual(['ephemeral', 1, 'b-pr-9.dev.goldenpathidp.io', '5']);
    const { text, kinds } = manifestKinds(stack);
    expect([kinds.slice(0, 2), plan.objects.slice(0, 2).map((o) => o.kind)]).toEqual([
      ['StorageClass', 'ConfigMap'],
      ['StorageClass', 'ConfigMap'],
    ]);
    // One Application is applied, the root; the selected apps' Applications ride inside it.
    expect(
      plan.objects.filter((o) => o.kind === 'Application').map((o) => (o.metadata as { name: string }).name),
    ).toEqual(['goldenpath-root']);
    for (const app of plan.gating.selected) expect(text).toContain(`\\"name\\":\\"${app.name}\\"`);
    expect(plan.gating.selected.every((e) => e.tier <= 1)).toBe(true);
    expect(text).toContain('b-pr-9.dev.goldenpathidp.io');
    expect(text).not.toContain('kong-admin');
  });

  test('the plan is exposed read-only', () => {
    const { plan } = app('dev').ephemeral!;
    expect([plan, plan.names, plan.tags, plan.cluster, plan.objects].map((x) => Object.isFrozen(x))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(plan.names).toEqual({
      stack: 'goldenpath-dev-b-pr-123',
      cluster: 'goldenpath-dev-b-pr-123',
      zone: 'dev.goldenpathidp.io',
    });
  });
});

describe('bad input', () => {
  test.each([
    ['3', 'tier 3, production identity, runs on persistent clusters only'],
    [
      '2',
      "tier 2 would use the persistent cluster's databases, secrets and log bucket, and a build touches nothing of the persistent cluster's; run tier 2 on the persistent cluster",
    ],
  ])('maxTier=%s on Ephemeral', (maxTier, why) => {
    expect(() => buildTestApp({ buildId: 'pr-123', maxTier })).toThrow(
      `Invalid maxTier: -c maxTier=${maxTier} with -c buildId=pr-123 (an ephemeral cluster: ${why}); allowed: 0, 1, 1.5`,
    );
  });

  test('maxTier=2 on an environment without a database: every problem, with the stack’s path', () => {
    const raw = rawConfig();
    delete raw.defaults.database;
    expect(() => buildTestApp({ env: 'dev', maxTier: '2' }, raw)).toThrow(
      [
        '-c maxTier=2: the Foundation of environment "dev" cannot serve a persistent cluster (at Persistent):',
        '  - capability "database" (needed by tier 2) is not provided by environments.dev; lower -c maxTier below 2, or add it to config/environments.json',
        '  - backstage (tier 2) reads secret "backstage/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
        '  - grafana-postgresql (tier 2) reads secret "grafana/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
      ].join('\n'),
    );
  });

  test('the default persistent maxTier without a database reports every tier needing it', () => {
    const raw = rawConfig();
    delete raw.defaults.database;
    expect(() => buildTestApp({ env: 'dev' }, raw)).toThrow(
      [
        '-c maxTier=3: the Foundation of environment "dev" cannot serve a persistent cluster (at Persistent):',
        '  - capability "database" (needed by tier 2, 3) is not provided by environments.dev; lower -c maxTier below 2, or add it to config/environments.json',
        '  - backstage (tier 2) reads secret "backstage/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
        '  - grafana-postgresql (tier 2) reads secret "grafana/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
        '  - keycloak (tier 3) reads secret "keycloak/postgres", which the Foundation does not publish; lower -c maxTier below 3, or add it to the Foundation',
      ].join('\n'),
    );
  });

  test('an invalid build id', () => {
    expect(() => buildTestApp({ buildId: 'PR_123' })).toThrow(
      'Invalid build id: -c buildId=PR_123: allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)',
    );
  });

  test('an unknown environment', () => {
    expect(() => buildTestApp({ env: 'qa' })).toThrow(
      'Unknown environment: -c env=qa: allowed environments: dev, test, staging, prod',
    );
  });
});
