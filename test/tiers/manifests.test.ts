import { CATALOGUE } from '../../tiers/catalogue';
import type { Lifecycle, Tier } from '../../lib/model/tier';
import { VERSIONS } from '../../lib/model/versions';
import { BUILD_ID, type Obj, renderTiers, renderedApplication as application } from './fixture';
import { validateManifests } from './validate';

const PAIRS: [Lifecycle, Tier][] = [
  ['persistent', 0],
  ['persistent', 1],
  ['persistent', 1.5],
  ['persistent', 2],
  ['persistent', 3],
  ['ephemeral', 0],
  ['ephemeral', 1],
  ['ephemeral', 1.5],
  ['ephemeral', 2],
];

/** The hook objects riding with an Application (its second source). */
function hooks(app: Obj): Obj[] {
  return (app.spec.sources[1]?.helm.valuesObject.resources ?? []) as Obj[];
}

describe('rendered manifests are valid against their schemas', () => {
  test.each(PAIRS)('%s cluster, maxTier %s', (lifecycle, maxTier) => {
    const report = validateManifests(renderTiers(lifecycle, maxTier).manifests);
    expect(report.errors).toEqual([]);
    expect(report.status).toBe(0);
  });

  test('kinds without a schema in the kept libraries are exactly the CRDs of the platform apps', () => {
    expect(validateManifests(renderTiers('persistent', 3).manifests).skipped).toEqual([
      'cert-manager.io/v1/ClusterIssuer',
      'configuration.konghq.com/v1/KongPlugin',
      'external-secrets.io/v1/ClusterSecretStore',
      'external-secrets.io/v1/ExternalSecret',
    ]);
  });

  test('a broken Application and a broken hook Job are rejected', () => {
    const app = application('ephemeral', 1, 'external-secrets');
    const broken = JSON.parse(JSON.stringify(app)) as Obj;
    broken.spec.sources[0].chart = 42;
    hooks(broken).find((o) => o.kind === 'Job')!.spec.backoffLimit = 'none';
    const report = validateManifests([broken]);
    expect(report.status).toBe(1);
    expect(report.errors).toEqual([
      'argoproj.io/v1alpha1/Application external-secrets [0]: data/spec/sources/0/chart must be string',
      'batch/v1/Job tier-1-preflight [0].resources[3]: data/spec/backoffLimit must be integer',
    ]);
  });
});

describe('Applications', () => {
  test.each(CATALOGUE.map((e) => [e.name, e]))(
    '%s: tier label, sync wave, pinned chart, finalizer, sync policy',
    (name, entry) => {
      const app = application('persistent', 3, name);
      const chart = VERSIONS.charts[entry.chart];
      expect(app.metadata.labels['goldenpath.idp/tier']).toBe(String(entry.tier));
      expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(String(entry.wave));
      expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
      expect(app.spec.sources[0]).toMatchObject({
        repoURL: chart.repo,
        chart: chart.chart,
        targetRevision: chart.version,
      });
      expect(app.spec.destination).toEqual({
        server: 'https://kubernetes.default.svc',
        namespace: entry.namespace,
      });
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(app.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
    },
  );
});

describe('tier hooks', () => {
  const steps = (job: Obj) =>
    (job.spec.template.spec.containers[0].command[2] as string)
      .split('\n')
      .filter((l) => l.startsWith("echo 'check "))
      .map((l) => l.replace(/^echo 'check (\S+): .*$/, '$1'));

  test.each<[Tier, string, string[]]>([
    [1, 'external-secrets', ['nodes-ready']],
    [1.5, 'kube-prometheus-stack', ['default-storage-class']],
    [
      2,
      'backstage',
      [
        'database-available',
        'secret:backstage/secrets',
        'secret:backstage/postgres',
        'secret:grafana/postgres',
      ],
    ],
    [3, 'keycloak', ['secret:keycloak/admin', 'secret:keycloak/postgres']],
  ])('tier %s preflight runs on %s, from the check list: %j', (tier, app, expected) => {
    const job = hooks(application('persistent', 3, app)).find(
      (o) => o.kind === 'Job' && o.metadata.name.endsWith('preflight'),
    )!;
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync');
    expect(job.metadata.labels['goldenpath.idp/tier']).toBe(String(tier));
    expect(job.spec.activeDeadlineSeconds).toBe(180);
    expect(job.spec.backoffLimit).toBe(0);
    expect(steps(job)).toEqual(expected);
  });

  test.each<[Tier, string, string[]]>([
    [1, 'metrics-server', ['tier-1-applications-healthy', 'kong-healthz']],
    [1.5, 'kube-prometheus-stack', ['prometheus-targets-up', 'grafana-health']],
    [2, 'grafana-postgresql', ['backstage-200', 'grafana-database']],
    [3, 'oidc-config', ['keycloak-realm']],
  ])('tier %s acceptance runs after %s: %j', (_tier, app, expected) => {
    const job = hooks(application('persistent', 3, app)).find(
      (o) => o.kind === 'Job' && o.metadata.name.endsWith('acceptance'),
    )!;
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PostSync');
    expect(steps(job)).toEqual(expected);
  });

  test('hook RBAC is read-only and synced before the Job', () => {
    const objects = hooks(application('persistent', 3, 'external-secrets'));
    const role = objects.find((o) => o.kind === 'ClusterRole')!;
    expect(role.rules).toEqual([
      { apiGroups: [''], resourceNames: [], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(
      objects
        .filter((o) => o.kind !== 'Job')
        .map((o) => o.metadata.annotations['argocd.argoproj.io/sync-wave']),
    ).toEqual(['-1', '-1', '-1']);
  });
});

describe('admission guard', () => {
  test('ingress hosts must be under the host suffix; Application tiers at most maxTier', () => {
    const [ingress, , tier] = renderTiers('ephemeral', 1.5).guard as Obj[];
    expect(ingress.spec.variables).toEqual([
      { name: 'suffix', expression: `'.b-${BUILD_ID}.dev.goldenpathidp.io'` },
    ]);
    expect(tier.spec.validations[0].expression).toBe(
      "variables.tier == '' || variables.tier in ['0', '1', '1.5']",
    );
  });
});

describe('snapshots', () => {
  // Each app's own snapshot is in its test file (test/tiers/<tier>/<app>.test.ts).
  test('admission guard of the build', () => {
    expect(renderTiers('ephemeral', 2).guard).toMatchSnapshot();
  });
});
