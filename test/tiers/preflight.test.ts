import { spawnSync } from 'node:child_process';
import type { ClusterProbe, PreflightCheck } from '../../lib/model/checks';
import type { TierContext } from '../../tiers/context';
import { preflightHook, probeScript } from '../../tiers/preflight';
import { bareContext, demoApp } from './fixture';

const SECRET = 'goldenpath/dev/demo/postgres';

/** A tier 2 context: `demo` selected, reading `demo/postgres`, and the platform database. */
function context(extra: Partial<TierContext> = {}): TierContext {
  return {
    ...bareContext('persistent', 2),
    secretNames: { 'demo/postgres': SECRET, 'other/admin': 'goldenpath/dev/other/admin' },
    selected: [demoApp(2, { secrets: ['demo/postgres'] })],
    database: { endpoint: 'db.example', port: '5432' },
    ...extra,
  };
}

const check = (id: string, tier: PreflightCheck['tier'], cluster?: ClusterProbe): PreflightCheck => ({
  id,
  tier,
  description: `${id} holds`,
  remedy: `fix ${id}`,
  ...(cluster ? { cluster } : {}),
});

describe('probeScript', () => {
  test('nodes: every node Ready, reading nodes', () => {
    expect(probeScript({ kind: 'nodesReady' }, context())).toEqual({
      script: 'kubectl wait --for=condition=Ready nodes --all --timeout=60s',
      reads: [{ apiGroup: '', resource: 'nodes' }],
    });
  });

  test('default StorageClass: passes only when one StorageClass is annotated default', () => {
    const probe = probeScript({ kind: 'defaultStorageClass' }, context())!;
    expect(probe.reads).toEqual([{ apiGroup: 'storage.k8s.io', resource: 'storageclasses' }]);
    // The script with a stand-in kubectl that prints what its jsonpath would yield.
    const run = (annotations: string) =>
      spawnSync('/bin/sh', ['-c', `kubectl() { printf '${annotations}'; }; ${probe.script}`]).status;
    expect(run('\\ntrue\\n')).toBe(0);
    expect(run('\\n\\n')).not.toBe(0);
    expect(run('false\\n')).not.toBe(0);
    expect(run('truely\\n')).not.toBe(0);
  });

  test('database: a TCP connect to the endpoint and port, given as environment, none without a database', () => {
    expect(probeScript({ kind: 'databaseReachable' }, context())).toEqual({
      script: 'nc -z -w 5 "$DATABASE_HOST" "$DATABASE_PORT"',
      reads: [],
      env: { DATABASE_HOST: 'db.example', DATABASE_PORT: '5432' },
    });
    expect(probeScript({ kind: 'databaseReachable' }, context({ database: undefined }))).toBeUndefined();
  });

  test('a secret: its ExternalSecret Ready in the namespace of the selected app that reads it', () => {
    expect(probeScript({ kind: 'externalSecretReady', app: 'demo', secretName: SECRET }, context())).toEqual({
      script: 'kubectl wait --for=condition=Ready externalsecret/demo-postgres -n demo-ns --timeout=60s',
      reads: [{ apiGroup: 'external-secrets.io', resource: 'externalsecrets' }],
    });
  });

  test('a secret no selected app reads has no ExternalSecret, so nothing to check', () => {
    const other = {
      kind: 'externalSecretReady',
      app: 'other',
      secretName: 'goldenpath/dev/other/admin',
    } as const;
    expect(probeScript(other, context())).toBeUndefined();
    expect(
      probeScript(
        { kind: 'externalSecretReady', app: 'demo', secretName: SECRET },
        context({ selected: [] }),
      ),
    ).toBeUndefined();
  });
});

describe('preflightHook', () => {
  const checks = [
    check('nodes-ready', 1, { kind: 'nodesReady' }),
    check('contract-parameters', 2),
    check('database-available', 2, { kind: 'databaseReachable' }),
    check('secret:demo/postgres', 2, { kind: 'externalSecretReady', app: 'demo', secretName: SECRET }),
    check('secret:demo/again', 2, { kind: 'externalSecretReady', app: 'demo', secretName: SECRET }),
    check('secret:other/admin', 2, {
      kind: 'externalSecretReady',
      app: 'other',
      secretName: 'goldenpath/dev/other/admin',
    }),
  ];

  test("the tier's in-cluster checks, in list order, their reads once each and their environment", () => {
    expect(preflightHook(2, 99, checks, 'argocd', context())).toEqual({
      tier: 2,
      kind: 'preflight',
      wave: 99,
      namespace: 'argocd',
      steps: [
        {
          id: 'database-available',
          description: 'database-available holds',
          remedy: 'fix database-available',
          script: 'nc -z -w 5 "$DATABASE_HOST" "$DATABASE_PORT"',
        },
        ...['secret:demo/postgres', 'secret:demo/again'].map((id) => ({
          id,
          description: `${id} holds`,
          remedy: `fix ${id}`,
          script: 'kubectl wait --for=condition=Ready externalsecret/demo-postgres -n demo-ns --timeout=60s',
        })),
      ],
      reads: [{ apiGroup: 'external-secrets.io', resource: 'externalsecrets' }],
      env: { DATABASE_HOST: 'db.example', DATABASE_PORT: '5432' },
    });
  });

  test('none when the tier has no check to run in this cluster', () => {
    expect(preflightHook(1.5, 49, checks, 'argocd', context())).toBeUndefined();
    expect(
      preflightHook(2, 99, checks.slice(0, 3), 'argocd', context({ database: undefined })),
    ).toBeUndefined();
  });
});
