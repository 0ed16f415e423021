import { type Server, createServer } from 'node:http';
import { kubeApi } from '../../../../lib/ops/teardown/uninstall';
import { TIER_LABEL } from '../../../../tiers/application';

export interface FakeApp {
  tier: string;
  /** Lists it survives after its delete; `never` for a finalizer that never clears. */
  clearsAfter: number | 'never';
  deleting?: boolean;
  finalizers: string[];
  /** The LoadBalancer Services and PVCs its resources finalizer deletes with it. */
  owns: { kind: 'services' | 'persistentvolumeclaims'; name: string }[];
}

export interface FakeOptions {
  /** An app-of-apps root whose self-heal re-creates a deleted child while its sync policy is on. */
  root?: string;
  /** Answer the first n requests with HTTP 429. */
  throttleFirst?: number;
}

/** A Kubernetes API server with just what the uninstall calls: Applications, Services, PVCs. */
export async function fakeKubernetes(apps: Record<string, FakeApp>, fake: FakeOptions = {}) {
  const calls: string[] = [];
  const children = Object.fromEntries(Object.entries(apps).filter(([name]) => name !== fake.root));
  let rootSyncing = fake.root !== undefined;
  let throttled = 0;
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
      if (throttled < (fake.throttleFirst ?? 0)) {
        throttled++;
        return send(429, { kind: 'Status', code: 429, reason: 'TooManyRequests' });
      }
      const app = /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/argocd\/applications(?:\/([\w-]+))?$/.exec(
        req.url ?? '',
      );
      if (app && req.method === 'GET') {
        // The "controller": each list moves deletions on, and a syncing root heals its children.
        for (const [name, a] of Object.entries(apps)) {
          if (!a.deleting || a.clearsAfter === 'never') continue;
          if (a.clearsAfter-- <= 0) delete apps[name];
        }
        if (rootSyncing && apps[fake.root!]) {
          for (const [name, a] of Object.entries(children)) {
            if (!apps[name]) apps[name] = { ...a, deleting: false, owns: [] };
          }
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
        const target = apps[app[1]];
        if (!target) return send(404, { kind: 'Status', code: 404 });
        // The root's resources finalizer would delete every child at once, in no order.
        if (app[1] === fake.root && target.finalizers.length > 0) {
          for (const name of Object.keys(children)) delete apps[name];
        }
        if (app[1] === fake.root) delete apps[app[1]];
        else target.deleting = true;
        return send(200, {});
      }
      if (app && app[1] && req.method === 'PATCH') {
        const patch = JSON.parse(body) as { metadata: { finalizers: null }; spec?: { syncPolicy: null } };
        if (app[1] === fake.root && patch.spec?.syncPolicy === null) rootSyncing = false;
        if (patch.metadata.finalizers === null && app[1] === fake.root) apps[app[1]].finalizers = [];
        else if (patch.metadata.finalizers === null && apps[app[1]]?.deleting) {
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
    url,
    api: kubeApi(url, 't0ken'),
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const app = (tier: string, clearsAfter: number | 'never', owns: FakeApp['owns'] = []): FakeApp => ({
  tier,
  clearsAfter,
  finalizers: ['resources-finalizer.argocd.argoproj.io'],
  owns,
});
