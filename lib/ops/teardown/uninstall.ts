import type { KubeApi } from './kube-api';
import { type RetryBudget, waitForRetry } from './retry';

export { type KubeApi, kubeApi } from './kube-api';

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
  /**
   * The app-of-apps Application. It is detached first (automated sync off, finalizer removed)
   * and deleted without its children, so its self-heal cannot re-create what the tiers delete
   * and its finalizer cannot delete every tier at once.
   * @default - no root
   */
  readonly root?: string;
  /**
   * Epoch milliseconds by which a tier must be gone, asked when the tier starts, with how many
   * tiers come after it; after it, the tier's finalizers are stripped.
   */
  readonly tierDeadline: (tier: number, tiersAfter: number) => number;
  /** Epoch milliseconds by which load balancer Services and PVCs must be gone; no call is retried past it. */
  readonly deadline: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Between polls and between retries of a throttled call. @default 5000 */
  readonly pollMs?: number;
  /**
   * How long the API server may stay unreachable (network errors, no answer) before the
   * uninstall stops and reports, leaving the rest to the sweeper.
   * @default 60000
   */
  readonly unreachableMs?: number;
}

export interface UninstallReport {
  /** What was removed, in order: the root, then each tier with its Applications. */
  readonly order: readonly string[];
  /** What is still there or was not done: stripped Applications, Services/PVCs, the API giving up. */
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

/** The API server stopped answering usefully; the uninstall ends and reports. */
class ApiGaveUp extends Error {}

/**
 * Calls the API through throttling (429), server errors (5xx) and network errors: throttling
 * and server errors are retried until the deadline, network errors for `unreachableMs`. Any
 * other answer is returned for the caller to judge.
 */
async function patiently<T extends { status: number }>(
  what: string,
  call: () => Promise<T>,
  options: UninstallOptions,
): Promise<T> {
  const now = options.now ?? Date.now;
  const budget: RetryBudget = { deadline: options.deadline, now, retryDelayMs: options.pollMs };
  const unreachable: RetryBudget = {
    ...budget,
    deadline: Math.min(options.deadline, now() + (options.unreachableMs ?? 60_000)),
  };
  for (;;) {
    let failure: string;
    let within: RetryBudget;
    try {
      const res = await call();
      if (res.status !== 429 && res.status < 500) return res;
      failure = `answered HTTP ${res.status}`;
      within = budget;
    } catch (err) {
      failure = `unreachable (${err instanceof Error ? err.message : String(err)})`;
      within = unreachable;
    }
    if (!(await waitForRetry(within))) throw new ApiGaveUp(`${what}: ${failure}, given up`);
  }
}

async function list(api: KubeApi, path: string, options: UninstallOptions): Promise<Item[]> {
  const res = await patiently(`GET ${path}`, () => api.get(path), options);
  if (res.status >= 300) throw new ApiGaveUp(`GET ${path}: answered HTTP ${res.status}`);
  return (res.body as { items?: Item[] }).items ?? [];
}

/** DELETE or PATCH; a 404 means already gone. Answers a problem to report, or undefined. */
async function change(
  what: string,
  call: () => Promise<{ status: number }>,
  options: UninstallOptions,
): Promise<string | undefined> {
  const res = await patiently(what, call, options);
  return res.status < 300 || res.status === 404 ? undefined : `${what}: answered HTTP ${res.status}`;
}

/**
 * Removes a cluster's apps before the cluster goes (DESIGN §9): the root Application detached
 * and deleted alone, then the Applications in reverse tier order, each tier deleted (ArgoCD's
 * resources finalizer deletes what it made) and waited for until its deadline; what is still there
 * then has its finalizers stripped and is reported, for the sweeper to take. Then it waits, until
 * the overall deadline, for LoadBalancer Services and PVCs to be gone (their load balancers and
 * volumes with them) and reports what is not. Never waits past a deadline and never throws on
 * what the API answers: an API that throttles past the deadline, refuses or cannot be reached
 * ends the uninstall with that reported.
 */
export async function uninstall(api: KubeApi, options: UninstallOptions): Promise<UninstallReport> {
  const order: string[] = [];
  const left: string[] = [];
  try {
    await removeApplications(api, options, order, left);
    left.push(...(await waitForCloudResources(api, options)));
  } catch (err) {
    if (!(err instanceof ApiGaveUp)) throw err;
    left.push(`Kubernetes API: ${err.message}; what was not uninstalled is left to the sweeper`);
  }
  return { order, left };
}

async function removeApplications(
  api: KubeApi,
  options: UninstallOptions,
  order: string[],
  left: string[],
): Promise<void> {
  const now = options.now ?? Date.now;
  const base = APPS(options.namespace);
  const apps = (await list(api, base, options)).map((a) => ({
    name: a.metadata?.name ?? '',
    tier: Number(a.metadata?.labels?.[options.tierLabel] ?? 0) || 0,
  }));
  const noted = (problem: string | undefined) => problem !== undefined && left.push(problem);
  const root = apps.find((a) => a.name === options.root);
  if (root) {
    const path = `${base}/${root.name}`;
    const detach = { metadata: { finalizers: null }, spec: { syncPolicy: null } };
    noted(await change(`PATCH ${path}`, () => api.patch(path, detach), options));
    noted(await change(`DELETE ${path}`, () => api.delete(path), options));
    order.push(`root ${root.name}: detached and deleted without its Applications`);
  }
  const groups = uninstallOrder(apps.filter((a) => a !== root));
  for (const [i, group] of groups.entries()) {
    const tier = group[0].tier;
    order.push(`tier ${tier}: ${group.map((a) => a.name).join(', ')}`);
    for (const a of group)
      noted(await change(`DELETE ${base}/${a.name}`, () => api.delete(`${base}/${a.name}`), options));
    const budget: RetryBudget = {
      deadline: options.tierDeadline(tier, groups.length - i - 1),
      now,
      retryDelayMs: options.pollMs,
    };
    let remaining = group.map((a) => a.name);
    for (;;) {
      const present = new Set((await list(api, base, options)).map((a) => a.metadata?.name));
      remaining = remaining.filter((n) => present.has(n));
      if (remaining.length === 0 || !(await waitForRetry(budget))) break;
    }
    for (const name of remaining) {
      const path = `${base}/${name}`;
      noted(
        await change(`PATCH ${path}`, () => api.patch(path, { metadata: { finalizers: null } }), options),
      );
      left.push(`Application ${name}: still deleting at the tier ${tier} deadline; finalizers stripped`);
    }
  }
}

async function waitForCloudResources(api: KubeApi, options: UninstallOptions): Promise<string[]> {
  const budget: RetryBudget = { deadline: options.deadline, now: options.now, retryDelayMs: options.pollMs };
  for (;;) {
    const services = (await list(api, '/api/v1/services', options)).filter(
      (s) => s.spec?.type === 'LoadBalancer',
    );
    const claims = await list(api, '/api/v1/persistentvolumeclaims', options);
    const stuck = [
      ...services.map((s) => `Service ${s.metadata?.namespace}/${s.metadata?.name}`),
      ...claims.map((c) => `PersistentVolumeClaim ${c.metadata?.namespace}/${c.metadata?.name}`),
    ];
    if (stuck.length === 0 || !(await waitForRetry(budget))) {
      return stuck.map((s) => `${s}: still there at the deadline`);
    }
  }
}
