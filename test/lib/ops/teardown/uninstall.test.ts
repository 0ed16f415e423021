import { kubeApi, uninstall, uninstallOrder } from '../../../../lib/ops/teardown/uninstall';
import { TIER_LABEL } from '../../../../tiers/application';
import { type FakeApp, app, fakeKubernetes } from './fake-kubernetes';

/** Uninstalls with short deadlines (ms after `started`) and closes the fake. */
async function bounded(
  k8s: Awaited<ReturnType<typeof fakeKubernetes>>,
  started: number,
  tierMs: number,
  totalMs: number,
) {
  const report = await uninstall(k8s.api, {
    namespace: 'argocd',
    tierLabel: TIER_LABEL,
    tierDeadline: () => started + tierMs,
    deadline: started + totalMs,
    pollMs: 20,
  });
  await k8s.close();
  return report;
}

describe('the ordered, bounded uninstall', () => {
  test('orders Applications by tier, highest first', () => {
    expect(
      uninstallOrder([
        { name: 'kong', tier: 1 },
        { name: 'keycloak', tier: 3 },
        { name: 'prometheus', tier: 1.5 },
        { name: 'backstage', tier: 2 },
        { name: 'cert-manager', tier: 1 },
      ]).map((g) => g.map((a) => a.name)),
    ).toEqual([['keycloak'], ['backstage'], ['prometheus'], ['cert-manager', 'kong']]);
  });

  test('deletes tier by tier, waits for each, and ends clean when every finalizer clears', async () => {
    const k8s = await fakeKubernetes({
      keycloak: app('3', 1),
      backstage: app('2', 2, [{ kind: 'persistentvolumeclaims', name: 'backstage-data' }]),
      kong: app('1', 1, [{ kind: 'services', name: 'kong-proxy' }]),
      'external-dns': app('1', 0),
    });
    const report = await uninstall(k8s.api, {
      namespace: 'argocd',
      tierLabel: TIER_LABEL,
      tierDeadline: () => Date.now() + 5000,
      deadline: Date.now() + 5000,
      pollMs: 10,
    });
    await k8s.close();
    expect(report).toEqual({
      order: ['tier 3: keycloak', 'tier 2: backstage', 'tier 1: external-dns, kong'],
      left: [],
    });
    const deletes = k8s.calls.filter((c) => c.startsWith('DELETE'));
    expect(deletes.map((c) => c.split('/').pop())).toEqual(['keycloak', 'backstage', 'external-dns', 'kong']);
    // Tier 2 was deleted only after tier 3 was gone.
    const keycloakGone = k8s.calls.findIndex(
      (c, i) => i > k8s.calls.indexOf(deletes[0]) && c.startsWith('GET'),
    );
    expect(k8s.calls.indexOf(deletes[1])).toBeGreaterThan(keycloakGone);
    expect(k8s.calls.every((c) => !c.endsWith('(no token)'))).toBe(true);
  });

  test('an Application whose finalizer never clears is stripped at its tier deadline, reported, and the lower tiers still go', async () => {
    const k8s = await fakeKubernetes({
      loki: app('2', 'never', [{ kind: 'persistentvolumeclaims', name: 'loki-0' }]),
      kong: app('1', 0),
    });
    const started = Date.now();
    const report = await bounded(k8s, started, 200, 400);
    expect(report).toEqual({
      order: ['tier 2: loki', 'tier 1: kong'],
      left: [
        'Application loki: still deleting at the tier 2 deadline; finalizers stripped',
        'PersistentVolumeClaim apps/loki-0: still there at the deadline',
      ],
    });
    expect(k8s.calls).toContain('PATCH /apis/argoproj.io/v1alpha1/namespaces/argocd/applications/loki');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a load balancer Service that outlives its Application is reported at the deadline, not waited for forever', async () => {
    const apps: Record<string, FakeApp> = {
      kong: app('1', 'never', [{ kind: 'services', name: 'kong-proxy' }]),
    };
    const k8s = await fakeKubernetes(apps);
    const started = Date.now();
    const report = await bounded(k8s, started, 100, 300);
    // The stripped Application is gone but its Service is not (no controller finished it).
    expect(report.left).toEqual([
      'Application kong: still deleting at the tier 1 deadline; finalizers stripped',
      'Service apps/kong-proxy: still there at the deadline',
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  const withRoot = () => ({
    'goldenpath-root': app('', 0),
    keycloak: app('3', 1),
    kong: app('1', 1, [{ kind: 'services' as const, name: 'kong-proxy' }]),
  });

  test('the root is detached and deleted alone first, so its self-heal cannot bring back what the tiers delete', async () => {
    const apps = withRoot();
    const k8s = await fakeKubernetes(apps, { root: 'goldenpath-root' });
    const started = Date.now();
    const report = await uninstall(k8s.api, {
      namespace: 'argocd',
      tierLabel: TIER_LABEL,
      root: 'goldenpath-root',
      tierDeadline: () => started + 1000,
      deadline: started + 2000,
      pollMs: 10,
    });
    await k8s.close();
    expect(report).toEqual({
      order: [
        'root goldenpath-root: detached and deleted without its Applications',
        'tier 3: keycloak',
        'tier 1: kong',
      ],
      left: [],
    });
    const root = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/goldenpath-root';
    expect(k8s.calls.filter((c) => !c.startsWith('GET')).slice(0, 2)).toEqual([
      `PATCH ${root}`,
      `DELETE ${root}`,
    ]);
    expect(apps).toEqual({});
  });

  test('without detaching the root, its self-heal re-creates the deleted tiers (why the root goes first)', async () => {
    const k8s = await fakeKubernetes(withRoot(), { root: 'goldenpath-root' });
    const report = await bounded(k8s, Date.now(), 200, 300);
    expect(report.left).toContain(
      'Application keycloak: still deleting at the tier 3 deadline; finalizers stripped',
    );
  });

  test('a throttling API server (HTTP 429) is waited out, and the uninstall still ends clean', async () => {
    const k8s = await fakeKubernetes({ kong: app('1', 1) }, { throttleFirst: 5 });
    const report = await bounded(k8s, Date.now(), 2000, 3000);
    expect(report).toEqual({ order: ['tier 1: kong'], left: [] });
    expect(k8s.calls.slice(0, 6).map((c) => c.split(' ')[0])).toEqual([
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
    ]);
  });

  test('throttling past the deadline ends the uninstall with that reported, not a throw', async () => {
    const k8s = await fakeKubernetes({ kong: app('1', 1) }, { throttleFirst: 1_000_000 });
    const started = Date.now();
    const report = await bounded(k8s, started, 100, 200);
    expect(report).toEqual({
      order: [],
      left: [
        'Kubernetes API: GET /apis/argoproj.io/v1alpha1/namespaces/argocd/applications: answered HTTP 429, given up; what was not uninstalled is left to the sweeper',
      ],
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('an unreachable API server is given up on after unreachableMs, long before the deadline', async () => {
    // A port nothing listens on: every call is refused.
    const k8s = await fakeKubernetes({});
    await k8s.close();
    const started = Date.now();
    const report = await uninstall(kubeApi(k8s.url, 't0ken'), {
      namespace: 'argocd',
      tierLabel: TIER_LABEL,
      tierDeadline: () => started + 60_000,
      deadline: started + 60_000,
      pollMs: 20,
      unreachableMs: 150,
    });
    expect(report.order).toEqual([]);
    expect(report.left).toEqual([
      expect.stringMatching(
        /^Kubernetes API: GET \/apis\/argoproj\.io\/v1alpha1\/namespaces\/argocd\/applications: unreachable \(.*ECONNREFUSED.*\), given up; what was not uninstalled is left to the sweeper$/,
      ),
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('an API server that refuses (HTTP 403) stops the uninstall at once with the status reported', async () => {
    const k8s = await fakeKubernetes({});
    await k8s.close();
    const forbidden = {
      get: () => Promise.resolve({ status: 403, body: { kind: 'Status', code: 403 } }),
      delete: () => Promise.resolve({ status: 403 }),
      patch: () => Promise.resolve({ status: 403 }),
    };
    const report = await uninstall(forbidden, {
      namespace: 'argocd',
      tierLabel: TIER_LABEL,
      tierDeadline: () => Date.now() + 60_000,
      deadline: Date.now() + 60_000,
    });
    expect(report.left).toEqual([
      'Kubernetes API: GET /apis/argoproj.io/v1alpha1/namespaces/argocd/applications: answered HTTP 403; what was not uninstalled is left to the sweeper',
    ]);
  });
});
