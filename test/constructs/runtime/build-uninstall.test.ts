import { type UninstallDeps, uninstallOnDelete } from '../../../constructs/runtime/build-uninstall';
import { ROOT_APPLICATION } from '../../../tiers/root';
import { type FakeApp, app, fakeKubernetes } from '../../lib/ops/teardown/fake-kubernetes';
import { UNINSTALL_PROPERTIES } from './cfn-support';

// The handler's dispatch (Create/Update, the stack-status guard, the response) is tested in
// build-uninstall.handler.test.ts; the uninstall itself in test/lib/ops/teardown/uninstall.test.ts.

describe('uninstallOnDelete', () => {
  let k8s: Awaited<ReturnType<typeof fakeKubernetes>> | undefined;
  let apps: Record<string, FakeApp>;
  beforeEach(() => {
    apps = {
      [ROOT_APPLICATION]: app('', 0),
      backstage: app('2', 1, [{ kind: 'persistentvolumeclaims', name: 'backstage-data' }]),
      kong: app('1', 1, [{ kind: 'services', name: 'kong-proxy' }]),
    };
  });
  afterEach(async () => {
    await k8s?.close();
    k8s = undefined;
  });

  /** Runs the uninstall against the fake cluster with `remainingMs` of Lambda time left. */
  async function run(remainingMs: number, deps: Partial<UninstallDeps> = {}, props = UNINSTALL_PROPERTIES) {
    k8s = await fakeKubernetes(apps, { root: ROOT_APPLICATION });
    const api = k8s.api;
    const logged: string[] = [];
    const result = await uninstallOnDelete(
      props,
      { credentials: () => () => Promise.reject(new Error('unused')), kube: () => api, pollMs: 10, ...deps },
      (l) => logged.push(l),
      remainingMs,
    );
    return { ...result, logged };
  }

  test('everything goes: the log has each removal, then the metric record (the reason is in the handler test)', async () => {
    const { logged } = await run(62_000);
    expect(logged[0].split('\n')).toEqual([
      'removed root goldenpath-root: detached and deleted without its Applications',
      'removed tier 2: backstage',
      'removed tier 1: kong',
    ]);
    expect(JSON.parse(logged[1])).toMatchObject({ ClusterName: 'goldenpath-dev-b-pr-1', UninstallLeft: 0 });
    expect(logged).toHaveLength(2);
  });

  test('Delete with an Application whose finalizer never clears: stripped at the deadline, SUCCESS with what is left, within the Lambda time', async () => {
    apps.backstage = app('2', 'never', [{ kind: 'persistentvolumeclaims', name: 'backstage-data' }]);
    const started = Date.now();
    // 61.5 s left: 60 s are kept for the response, so the uninstall has 1.5 s in all.
    const { reason, data, logged } = await run(61_500);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(reason).toBe(
      'left 2: Application backstage: still deleting at the tier 2 deadline; finalizers stripped; PersistentVolumeClaim apps/backstage-data: still there at the deadline; removed root goldenpath-root: detached and deleted without its Applications; tier 2: backstage; tier 1: kong; the sweeper takes what is left',
    );
    expect(data).toEqual({ Tiers: 3, Left: 2 });
    expect(JSON.parse(logged[logged.length - 1])).toMatchObject({ UninstallLeft: 2 });
  });

  test('Delete when the cluster API cannot be reached at all: SUCCESS, the failure reported, metric 1', async () => {
    const gone = await fakeKubernetes({});
    await gone.close();
    const logged: string[] = [];
    // The real path: an EKS token from (fake) credentials, against a server that is gone.
    const { reason, data } = await uninstallOnDelete(
      {
        ...UNINSTALL_PROPERTIES,
        Endpoint: gone.url.replace('http:', 'https:'),
        CertificateAuthority: Buffer.from('not a certificate').toString('base64'),
      },
      {
        credentials: () => () => Promise.resolve({ accessKeyId: 'AKID', secretAccessKey: 'secret' }),
        pollMs: 10,
      },
      (l) => logged.push(l),
      // 60.3 s left: 0.3 s past the response margin to retry in. The first refused connection
      // already answers; what the test reads does not depend on how many retries follow.
      60_300,
    );
    expect(reason).toMatch(
      /^left 1: Kubernetes API: GET \/apis\/argoproj\.io\/v1alpha1\/namespaces\/argocd\/applications: unreachable \(.*ECONNREFUSED.*\), given up; what was not uninstalled is left to the sweeper; removed nothing; the sweeper takes what is left$/,
    );
    expect(data).toEqual({ Tiers: 0, Left: 1 });
    expect(JSON.parse(logged[logged.length - 1])).toMatchObject({ UninstallLeft: 1 });
  });

  test('a failure before the API is called (no credentials): reported as left, never thrown', async () => {
    const { reason, data, logged } = await run(62_000, {
      kube: () => {
        throw new Error('Could not load credentials from any providers');
      },
    });
    expect({ reason, data }).toEqual({
      reason:
        'left 1: uninstall stopped: Error: Could not load credentials from any providers; removed nothing; the sweeper takes what is left',
      data: { Tiers: 0, Left: 1 },
    });
    expect(logged[0]).toBe('left uninstall stopped: Error: Could not load credentials from any providers');
    expect(Object.keys(apps)).toHaveLength(3);
  });

  test('no time beyond the response margin: every tier is still deleted, none waited for, what did not go at once reported', async () => {
    apps.backstage = app('2', 'never');
    const started = Date.now();
    const { data, reason } = await run(60_000);
    expect(reason).toBe(
      'left 3: Application backstage: still deleting at the tier 2 deadline; finalizers stripped; Application kong: still deleting at the tier 1 deadline; finalizers stripped; Service apps/kong-proxy: still there at the deadline; removed root goldenpath-root: detached and deleted without its Applications; tier 2: backstage; tier 1: kong; the sweeper takes what is left',
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(data).toEqual({ Tiers: 3, Left: 3 });
  });
});
