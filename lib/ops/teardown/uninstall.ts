import { type RetryBudget, waitForRetry } from './retry';

/** The few Kubernetes API calls the uninstall makes, as JSON over HTTP. */
export interface KubeApi {
  get(path: string): Promise<{ status: number; body: unknown }>;
  delete(path: string): Promise<{ status: number }>;
  /** A JSON merge patch. */
  patch(path: string, body: unknown): Promise<{ status: number }>;
}

/** A `fetch`-based `KubeApi` for an API server URL and a bearer token. */
export function kubeApi(server: string, token: string): KubeApi {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/merge-patch+json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return {
    get: (p) => call('GET', p),
    delete: (p) => call('DELETE', p),
    patch: (p, b) => call('PATCH', p, b),
  };
}

export interface AppRef {
  readonly name: string;
  /** The tier from the Application's tier label; unlabelled Applications count as tier 0. */
  readonly tier: number;
}

/** Applications grouped for deletion: highest tier first, names sorted within a tier. */
export function uninstallOrder(apps: readonly AppRef[]): AppRef[][] {
  const tiers = [...new Set(apps.map((a) => a.tier))].sort((a, b) => b - a);
  return tiers.map((t) =>
    apps.filter((a) => a.tier === t).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  );
}

export interface UninstallOptions {
  /** The namespace of the Applications (ArgoCD's). */
  readonly namespace: string;
  /** The label carrying an Application's tier. */
  readonly tierLabel: string;
  /** Epoch milliseconds by which each tier must be gone; after it, its finalizers are stripped. */
  readonly tierDeadline: (tier: number) => number;
  /** Epoch milliseconds by which load balancer Services and PVCs must be gone. */
  readonly deadline: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default 5000 */
  readonly pollMs?: number;
}

export interface UninstallReport {
  /** Tiers in the order they were removed, each with its Applications. */
  readonly order: readonly string[];
  /** `Application <name>` whose finalizers were stripped at the deadline, and Services/PVCs still there. */
  readonly left: readonly string[];
}

const APPS = (ns: string) => `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications`;

interface Item {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
  readonly spec?: { readonly type?: string };
}

async function list(api: KubeApi, path: string): Promise<Item[]> {
  const res = await api.get(path);
  if (res.status >= 300) throw new Error(`GET ${path} answered HTTP ${res.status}`);
  return (res.body as { items?: Item[] }).items ?? [];
}

/**
 * Removes a cluster's apps before the cluster goes (DESIGN §9): the Applications in reverse tier
 * order, each tier deleted (ArgoCD's resources finalizer deletes what it made) and waited for until
 * its deadline; what is still there then has its finalizers stripped and is reported, for the
 * sweeper to take. Then it waits, until the overall deadline, for LoadBalancer Services and PVCs to
 * be gone (their load balancers and volumes with them) and reports what is not. Never waits past
 * a deadline.
 */
export async function uninstall(api: KubeApi, options: UninstallOptions): Promise<UninstallReport> {
  const now = options.now ?? Date.now;
  const base = APPS(options.namespace);
  const apps = (await list(api, base)).map((a) => ({
    name: a.metadata?.name ?? '',
    tier: Number(a.metadata?.labels?.[options.tierLabel] ?? 0) || 0,
  }));
  const order: string[] = [];
  const left: string[] = [];
  for (const group of uninstallOrder(apps)) {
    const tier = group[0].tier;
    order.push(`tier ${tier}: ${group.map((a) => a.name).join(', ')}`);
    for (const a of group) await api.delete(`${base}/${a.name}`);
    const budget: RetryBudget = { deadline: options.tierDeadline(tier), now, retryDelayMs: options.pollMs };
    let remaining = group.map((a) => a.name);
    for (;;) {
      const present = new Set((await list(api, base)).map((a) => a.metadata?.name));
      remaining = remaining.filter((n) => present.has(n));
      if (remaining.length === 0 || !(await waitForRetry(budget))) break;
    }
    for (const name of remaining) {
      await api.patch(`${base}/${name}`, { metadata: { finalizers: null } });
      left.push(`Application ${name}: still deleting at the tier ${tier} deadline; finalizers stripped`);
    }
  }
  const budget: RetryBudget = { deadline: options.deadline, now, retryDelayMs: options.pollMs };
  let stuck: string[] = [];
  for (;;) {
    const services = (await list(api, '/api/v1/services')).filter((s) => s.spec?.type === 'LoadBalancer');
    const claims = await list(api, '/api/v1/persistentvolumeclaims');
    stuck = [
      ...services.map((s) => `Service ${s.metadata?.namespace}/${s.metadata?.name}`),
      ...claims.map((c) => `PersistentVolumeClaim ${c.metadata?.namespace}/${c.metadata?.name}`),
    ];
    if (stuck.length === 0 || !(await waitForRetry(budget))) break;
  }
  left.push(...stuck.map((s) => `${s}: still there at the deadline`));
  return { order, left };
}
