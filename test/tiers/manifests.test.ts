import { CATALOGUE } from '../../tiers/catalogue';
import type { Lifecycle, Tier } from '../../lib/model/tier';
import { VERSIONS } from '../../lib/model/versions';
import { BUILD_ID, type Obj, renderTiers, renderedApplication as application } from './fixture';
import { validateManifestSets, validateManifests } from './validate';

const PAIRS: [Lifecycle, Tier][] = [
  ['persistent', 0],
  ['persistent', 1],
  ['persistent', 1.5],
  ['persistent', 2],
  ['persistent', 3],
  ['ephemeral', 0],
  ['ephemeral', 1],
  ['ephemeral', 1.5],
];

/** The tier hooks the root carries on a persistent cluster at maxTier 3. */
const hooks = () => renderTiers('persistent', 3).hooks as Obj[];
const wave = (o: Obj) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);

/** The ephemeral maxTier 1 root, with a wrong type in one Application and in one hook Job. */
function brokenRoot(): Obj {
  const broken = JSON.parse(JSON.stringify(renderTiers('ephemeral', 1).root)) as Obj;
  const resources = broken.spec.source.helm.valuesObject.resources as Obj[];
  resources.find((o) => o.metadata.name === 'external-secrets')!.spec.sources[0].chart = 42;
  resources.find((o) => o.kind === 'Job')!.spec.backoffLimit = 'none';
  return broken;
}

describe('rendered manifests are valid against their schemas', () => {
  // One validator process for every set these tests check.
  beforeAll(() => {
    validateManifestSets([...PAIRS.map(([l, t]) => renderTiers(l, t).manifests), [brokenRoot()]]);
  });

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
    const report = validateManifests([brokenRoot()]);
    expect(report.status).toBe(1);
    expect(report.errors).toEqual([
      'argoproj.io/v1alpha1/Application external-secrets [0].resources[0]: data/spec/sources/0/chart must be string',
      'batch/v1/Job tier-1-preflight [0].resources[12]: data/spec/backoffLimit must be integer',
    ]);
  });
});

describe('the root Application', () => {
  test.each(PAIRS)(
    '%s cluster, maxTier %s: the stack applies the guard and the root only',
    (lifecycle, maxTier) => {
      const { manifests, guard, root } = renderTiers(lifecycle, maxTier);
      expect(manifests).toEqual([...guard, root]);
    },
  );

  test('carries exactly the selected apps and the tier hooks', () => {
    const { root, apps, hooks: tierHooks } = renderTiers('ephemeral', 1.5);
    const r = root as Obj;
    expect(r.spec.source.helm.valuesObject.resources).toEqual([...Object.values(apps).flat(), ...tierHooks]);
  });

  test('lowering maxTier leaves the higher tiers out of the root, so its prune deletes them', () => {
    const names = (maxTier: Tier) =>
      ((renderTiers('persistent', maxTier).root as Obj).spec.source.helm.valuesObject.resources as Obj[])
        .filter((o) => o.kind === 'Application')
        .map((o) => o.metadata.name as string);
    expect(names(3)).toEqual(CATALOGUE.map((e) => e.name));
    expect(names(1)).toEqual(CATALOGUE.filter((e) => e.tier <= 1).map((e) => e.name));
  });

  test('waves: each tier preflight before its first app, its acceptance after its last, tiers in order', () => {
    const resources = (renderTiers('persistent', 3).root as Obj).spec.source.helm.valuesObject
      .resources as Obj[];
    const order = resources
      .filter((o) => o.kind === 'Application' || o.kind === 'Job')
      .map((o) => [wave(o), o.metadata.name as string] as const)
      .sort((a, b) => a[0] - b[0]);
    expect(order).toEqual([
      [9, 'tier-1-preflight'],
      [10, 'external-secrets'],
      [11, 'cluster-secret-store'],
      [20, 'external-dns'],
      [22, 'aws-load-balancer-controller'],
      [24, 'cert-manager'],
      [25, 'cluster-issuers'],
      [30, 'kong'],
      [40, 'cluster-autoscaler'],
      [41, 'metrics-server'],
      [42, 'tier-1-acceptance'],
      [49, 'tier-1-5-preflight'],
      [50, 'kube-prometheus-stack'],
      [51, 'tier-1-5-acceptance'],
      [99, 'tier-2-preflight'],
      [100, 'backstage'],
      [101, 'loki'],
      [102, 'grafana-postgresql'],
      [103, 'tier-2-acceptance'],
      [199, 'tier-3-preflight'],
      [200, 'keycloak'],
      [201, 'oidc-config'],
      [202, 'tier-3-acceptance'],
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

  test.each<[Tier, string[]]>([
    [1, ['nodes-ready']],
    [1.5, ['default-storage-class']],
    [
      2,
      [
        'database-available',
        'secret:backstage/secrets',
        'secret:grafana/admin',
        'secret:backstage/postgres',
        'secret:grafana/postgres',
      ],
    ],
    [
      3,
      [
        'secret:keycloak/admin',
        'secret:oidc/acceptance-user',
        'secret:oidc/argocd',
        'secret:oidc/backstage',
        'secret:oidc/goldenpath-acceptance',
        'secret:oidc/grafana',
        'secret:keycloak/postgres',
      ],
    ],
  ])('tier %s preflight, from the check list: %j', (tier, expected) => {
    const job = hooks().find(
      (o) => o.kind === 'Job' && o.metadata.name === `tier-${String(tier).replace('.', '-')}-preflight`,
    )!;
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('Sync');
    expect(job.metadata.namespace).toBe('argocd');
    expect(job.metadata.labels['goldenpath.idp/tier']).toBe(String(tier));
    expect(steps(job)).toEqual(expected);
  });

  test.each<[Tier, string[]]>([
    [1, ['tier-1-applications-healthy', 'kong-healthz']],
    [1.5, ['prometheus-targets-up', 'grafana-health']],
    [2, ['backstage-200', 'grafana-database']],
    [3, ['keycloak-realm', 'argocd-admin', 'oidc-login']],
  ])('tier %s acceptance: %j', (tier, expected) => {
    const job = hooks().find(
      (o) => o.kind === 'Job' && o.metadata.name === `tier-${String(tier).replace('.', '-')}-acceptance`,
    )!;
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('Sync');
    expect(steps(job)).toEqual(expected);
  });

  test('hook RBAC is read-only and in the wave of its Job (ArgoCD applies it before the Job)', () => {
    const objects = hooks().filter((o) => o.metadata.name.endsWith('tier-1-preflight'));
    const role = objects.find((o) => o.kind === 'ClusterRole')!;
    expect(role.rules).toEqual([
      { apiGroups: [''], resourceNames: [], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(objects.map((o) => [o.kind, wave(o)])).toEqual([
      ['ServiceAccount', 9],
      ['ClusterRole', 9],
      ['ClusterRoleBinding', 9],
      ['Job', 9],
    ]);
  });
});

describe('admission guard', () => {
  test('on the public class, an Ingress with a *-admin/*-manager host or an admin port behind it is denied', () => {
    const [ingress, binding] = renderTiers('persistent', 3).guard as Obj[];
    expect(binding.spec).toEqual({ policyName: String(ingress.metadata.name), validationActions: ['Deny'] });
    const [, publicClass] = ingress.spec.variables as Obj[];
    expect(publicClass.expression).toContain("object.spec.ingressClassName == 'kong'");
    expect(publicClass.expression).toContain(
      "object.metadata.annotations['kubernetes.io/ingress.class'] == 'kong'",
    );
    const [, , hosts, ports] = ingress.spec.validations as Obj[];
    expect(hosts.expression).toBe(
      "!variables.public || !has(object.spec.rules) || object.spec.rules.all(r, !has(r.host) || !r.host.matches('^[^.]*-(admin|manager)[.]'))",
    );
    expect(ports.expression).toContain('p.backend.service.port.number in [8001, 8444, 8002, 8445]');
    expect(ports.expression).toContain("p.backend.service.port.name.matches('admin|manager')");
    expect(ports.expression).toContain(
      'object.spec.defaultBackend.service.port.number in [8001, 8444, 8002, 8445]',
    );
  });

  test('ingress hosts must be under the host suffix; Application tiers at most maxTier', () => {
    const [ingress, , tier] = renderTiers('ephemeral', 1.5).guard as Obj[];
    expect(ingress.spec.variables[0]).toEqual({
      name: 'suffix',
      expression: `'.b-${BUILD_ID}.dev.goldenpathidp.io'`,
    });
    expect(tier.spec.validations[0].expression).toBe(
      "variables.tier == '' || variables.tier in ['0', '1', '1.5']",
    );
  });
});

describe('snapshots', () => {
  // Each app's own snapshot is in its test file (test/tiers/<tier>/<app>.test.ts).
  test('admission guard of the build', () => {
    expect(renderTiers('ephemeral', 1.5).guard).toMatchSnapshot();
  });
});
