import { type Server, createServer } from 'node:http';
import { kubeApi, uninstall, uninstallOrder } from '../../../../lib/ops/teardown/uninstall';
import { TIER_LABEL } from '../../../../tiers/application';

interface FakeApp {
  tier: string;
  /** Lists it survives after its delete; `never` for a finalizer that never clears. */
  clearsAfter: number | 'never';
  deleting?: boolean;
  finalizers: string[];
  /** The LoadBalancer Services and PVCs its resources finalizer deletes with it. */
  owns: { kind: 'services' | 'persistentvolumeclaims'; name: string }[];
}

/** A Kubernetes API server with just what the uninstall calls: Applications, Services, PVCs. */
async function fakeKubernetes(apps: Record<string, FakeApp>) {
  const calls: string[] = [];
  // What a stripped Application's finalizer never got to delete stays behind.
  const orphans: FakeApp['owns'] = [];
  const owned = () => [...Object.values(apps).flatMap((a) => a.owns), ...orphans];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      calls.push(
        `${req.method} ${req.url}${req.headers.authorization === 'Bearer t0ken' ? '' : ' (no token)'}`,
      );
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const app = /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/argocd\/applications(?:\/([\w-]+))?$/.exec(
        req.url ?? '',
      );
      if (app && req.method === 'GET') {
        // The "controller": each list moves deletions on.
        for (const [name, a] of Object.entries(apps)) {
          if (!a.deleting || a.clearsAfter === 'never') continue;
          if (a.clearsAfter-- <= 0) delete apps[name];
        }
        return send(200, {
          items: Object.entries(apps).map(([name, a]) => ({
            metadata: {
              name,
              namespace: 'argocd',
              labels: { [TIER_LABEL]: a.tier },
              finalizers: a.finalizers,
            },
          })),
        });
      }
      if (app && app[1] && req.method === 'DELETE') {
        if (apps[app[1]]) apps[app[1]].deleting = true;
        return send(200, {});
      }
      if (app && app[1] && req.method === 'PATCH') {
        const patch = JSON.parse(body) as { metadata: { finalizers: null } };
        if (patch.metadata.finalizers === null && apps[app[1]]?.deleting) {
          orphans.push(...apps[app[1]].owns);
          delete apps[app[1]];
        }
        return send(200, {});
      }
      const core = /^\/api\/v1\/(services|persistentvolumeclaims)$/.exec(req.url ?? '');
      if (core && req.method === 'GET') {
        return send(200, {
          items: owned()
            .filter((o) => o.kind === core[1])
            .map((o) => ({
              metadata: { name: o.name, namespace: 'apps' },
              ...(o.kind === 'services' ? { spec: { type: 'LoadBalancer' } } : {}),
            })),
        });
      }
      send(404, { kind: 'Status', code: 404 });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    api: kubeApi(url, 't0ken'),
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const app = (tier: string, clearsAfter: number | 'never', owns: FakeApp['owns'] = []): FakeApp => ({
  tier,
  clearsAfter,
  finalizers: ['resources-finalizer.argocd.argoproj.io'],
  owns,
});

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
});
