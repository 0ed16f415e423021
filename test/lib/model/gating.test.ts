import { CATALOGUE, PLATFORM_CATALOGUE } from '../../../tiers/catalogue';
import type { FoundationCapabilities } from '../../../lib/model/contract';
import { type FoundationOffer, gate, gatingJson } from '../../../lib/model/gating';
import type { Lifecycle, Tier } from '../../../lib/model/tier';
import { userInputMessage } from '../../util';

const ALL_CAPABILITIES: FoundationCapabilities = {
  vpc: true,
  zone: true,
  iam: true,
  appSecrets: true,
  logBucket: true,
  database: true,
};
const FULL: FoundationOffer = {
  env: 'dev',
  capabilities: ALL_CAPABILITIES,
  secretIds: [
    'argocd/admin',
    'keycloak/admin',
    'backstage/secrets',
    'grafana/admin',
    'oidc/acceptance-user',
    'oidc/argocd',
    'oidc/backstage',
    'oidc/goldenpath-acceptance',
    'oidc/grafana',
    'keycloak/postgres',
    'backstage/postgres',
    'grafana/postgres',
  ],
};

const TIER1 = [
  ['external-secrets', 1, 10],
  ['cluster-secret-store', 1, 11],
  ['external-dns', 1, 20],
  ['aws-load-balancer-controller', 1, 22],
  ['cert-manager', 1, 24],
  ['cluster-issuers', 1, 25],
  ['kong', 1, 30],
  ['cluster-autoscaler', 1, 40],
  ['metrics-server', 1, 41],
];
const TIER15 = [['kube-prometheus-stack', 1.5, 50]];
const TIER2 = [
  ['backstage', 2, 100],
  ['loki', 2, 101],
  ['grafana-postgresql', 2, 102],
];
const TIER3 = [
  ['keycloak', 3, 200],
  ['oidc-config', 3, 201],
];

describe('tier gating', () => {
  test.each<[Lifecycle, Tier, (string | number)[][]]>([
    ['persistent', 0, []],
    ['persistent', 1, TIER1],
    ['persistent', 1.5, [...TIER1, ...TIER15]],
    ['persistent', 2, [...TIER1, ...TIER15, ...TIER2]],
    ['persistent', 3, [...TIER1, ...TIER15, ...TIER2, ...TIER3]],
    ['ephemeral', 0, []],
    ['ephemeral', 1, TIER1],
    ['ephemeral', 1.5, [...TIER1, ...TIER15]],
  ])('%s cluster, maxTier %s: selected (name, tier, wave)', (lifecycle, maxTier, expected) => {
    const result = gate(PLATFORM_CATALOGUE, { lifecycle, maxTier, foundation: FULL });
    expect(result.selected.map((e) => [e.name, e.tier, e.wave])).toEqual(expected);
    expect(result.selected.length + result.excluded.length).toBe(CATALOGUE.length);
  });

  test('every excluded app carries its reason (default ephemeral build)', () => {
    const result = gate(PLATFORM_CATALOGUE, { lifecycle: 'ephemeral', maxTier: 1.5, foundation: FULL });
    expect(gatingJson(result).excluded).toEqual([
      {
        name: 'backstage',
        tier: 2,
        wave: 100,
        reason: 'runs on persistent clusters only, this one is ephemeral',
      },
      {
        name: 'loki',
        tier: 2,
        wave: 101,
        reason: 'runs on persistent clusters only, this one is ephemeral',
      },
      {
        name: 'grafana-postgresql',
        tier: 2,
        wave: 102,
        reason: 'runs on persistent clusters only, this one is ephemeral',
      },
      {
        name: 'keycloak',
        tier: 3,
        wave: 200,
        reason: 'runs on persistent clusters only, this one is ephemeral',
      },
      {
        name: 'oidc-config',
        tier: 3,
        wave: 201,
        reason: 'runs on persistent clusters only, this one is ephemeral',
      },
    ]);
  });

  test.each<Tier>([2, 3])('an ephemeral cluster at maxTier %s is refused, whoever asks', (maxTier) => {
    expect(
      userInputMessage(() => gate(PLATFORM_CATALOGUE, { lifecycle: 'ephemeral', maxTier, foundation: FULL })),
    ).toMatch(
      new RegExp(
        `^Invalid maxTier: -c maxTier=${maxTier} with -c buildId \\(an ephemeral cluster: .*\\); allowed: 0, 1, 1\\.5$`,
      ),
    );
  });

  test('tier 2 without a database: every missing capability and secret, in one error', () => {
    const foundation: FoundationOffer = {
      env: 'dev',
      capabilities: { ...ALL_CAPABILITIES, database: false },
      secretIds: ['keycloak/admin', 'backstage/secrets', 'grafana/admin'],
    };
    expect(() => gate(PLATFORM_CATALOGUE, { lifecycle: 'persistent', maxTier: 2, foundation })).toThrow(
      [
        '-c maxTier=2: the Foundation of environment "dev" cannot serve a persistent cluster:',
        '  - capability "database" (needed by tier 2) is not provided by environments.dev; lower -c maxTier below 2, or add it to config/environments.json',
        '  - backstage (tier 2) reads secret "backstage/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
        '  - grafana-postgresql (tier 2) reads secret "grafana/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
      ].join('\n'),
    );
  });

  test('tier 3 needs ArgoCD’s admin password from the Foundation, though only argocd gets it', () => {
    const foundation: FoundationOffer = {
      ...FULL,
      secretIds: FULL.secretIds.filter((id) => id !== 'argocd/admin'),
    };
    expect(() => gate(PLATFORM_CATALOGUE, { lifecycle: 'persistent', maxTier: 3, foundation })).toThrow(
      '-c maxTier=3: the Foundation of environment "dev" cannot serve a persistent cluster: oidc-config (tier 3) reads secret "argocd/admin", which the Foundation does not publish; lower -c maxTier below 3, or add it to the Foundation',
    );
    expect(gate(PLATFORM_CATALOGUE, { lifecycle: 'persistent', maxTier: 2, foundation }).maxTier).toBe(2);
  });

  test('a lower tier never asks for what only a higher tier needs', () => {
    const foundation: FoundationOffer = {
      env: 'dev',
      capabilities: { ...ALL_CAPABILITIES, database: false, logBucket: false, appSecrets: false },
      secretIds: [],
    };
    expect(
      gate(PLATFORM_CATALOGUE, { lifecycle: 'persistent', maxTier: 1.5, foundation }).selected,
    ).toHaveLength(10);
  });

  test('tier 1 without the zone is refused with one line', () => {
    const foundation: FoundationOffer = {
      env: 'staging',
      capabilities: { ...ALL_CAPABILITIES, zone: false },
      secretIds: [],
    };
    expect(() => gate(PLATFORM_CATALOGUE, { lifecycle: 'persistent', maxTier: 1, foundation })).toThrow(
      '-c maxTier=1: the Foundation of environment "staging" cannot serve a persistent cluster: capability "zone" (needed by tier 1) is not provided by environments.staging; lower -c maxTier below 1, or add it to config/environments.json',
    );
  });

  test('a capability several tiers need is one line naming each of them', () => {
    const foundation: FoundationOffer = { ...FULL, capabilities: { ...ALL_CAPABILITIES, database: false } };
    expect(() => gate(PLATFORM_CATALOGUE, { lifecycle: 'persistent', maxTier: 3, foundation })).toThrow(
      '-c maxTier=3: the Foundation of environment "dev" cannot serve a persistent cluster: capability "database" (needed by tier 2, 3) is not provided by environments.dev; lower -c maxTier below 2, or add it to config/environments.json',
    );
  });

  test('without the VPC even tier 0, which has no app, is refused', () => {
    const foundation: FoundationOffer = { ...FULL, capabilities: { ...ALL_CAPABILITIES, vpc: false } };
    expect(() => gate(PLATFORM_CATALOGUE, { lifecycle: 'ephemeral', maxTier: 0, foundation })).toThrow(
      '-c maxTier=0: the Foundation of environment "dev" cannot serve an ephemeral cluster: capability "vpc" (needed by tier 0) is not provided by environments.dev; add it to config/environments.json',
    );
  });
});
