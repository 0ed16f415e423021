import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { makeHandler } from '../../../constructs/runtime/build-sweeper.handler';
import { ROOT_APPLICATION } from '../../../tiers/root';
import { TIER_LABEL } from '../../../tiers/application';
import { useMoto } from '../../support/services';
import { sweeperClients } from '../../lib/ops/teardown/seed';
import { type FakeApp, app, fakeKubernetes } from '../../lib/ops/teardown/fake-kubernetes';
import { responseServer, stackIn } from './cfn-support';

const STACK_ID = 'arn:aws:cloudformation:eu-west-2:111111111111:stack/goldenpath-dev-b-pr-1/1';
const PHYSICAL_ID = 'build-uninstall-goldenpath-dev-b-pr-1';

function event(type: 'Create' | 'Update' | 'Delete', url: string): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:eu-west-2:111111111111:function:teardown',
    ResponseURL: url,
    StackId: STACK_ID,
    RequestId: 'req-2',
    LogicalResourceId: 'Uninstall',
    ResourceType: 'Custom::BuildUninstall',
    ResourceProperties: {
      ServiceToken: 'x',
      ClusterName: 'goldenpath-dev-b-pr-1',
      Endpoint: 'https://unused.example',
      CertificateAuthority: '',
      Region: 'eu-west-2',
      Namespace: 'argocd',
      TierLabel: TIER_LABEL,
      RootApplication: ROOT_APPLICATION,
    },
  };
  if (type === 'Create') return { ...common, RequestType: 'Create' };
  if (type === 'Update')
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: PHYSICAL_ID,
      OldResourceProperties: { ServiceToken: 'x' },
    };
  return { ...common, RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID };
}

/** A Lambda with this much time left: the uninstall keeps RESPONSE_MARGIN_MS (60 s) of it back. */
const context = (remainingMs: number) => ({
  getRemainingTimeInMillis: () => remainingMs,
  logStreamName: 'stream-2',
});

describe('BuildUninstall handler (the sweeper Lambda, dispatched on the resource type)', () => {
  const moto = useMoto();
  let cfn: Awaited<ReturnType<typeof responseServer>>;
  let k8s: Awaited<ReturnType<typeof fakeKubernetes>> | undefined;
  let apps: Record<string, FakeApp>;
  beforeEach(async () => {
    await moto.reset();
    cfn = await responseServer();
    apps = {
      [ROOT_APPLICATION]: app('', 0),
      backstage: app('2', 1, [{ kind: 'persistentvolumeclaims', name: 'backstage-data' }]),
      kong: app('1', 1, [{ kind: 'services', name: 'kong-proxy' }]),
    };
  });
  afterEach(async () => {
    cfn.server.closeAllConnections();
    cfn.server.close();
    await k8s?.close();
    k8s = undefined;
  });

  async function run(type: 'Create' | 'Update' | 'Delete', status: string, remainingMs = 62_000) {
    k8s = await fakeKubernetes(apps, { root: ROOT_APPLICATION });
    const logged: string[] = [];
    const api = k8s.api;
    await makeHandler({
      clients: () => sweeperClients(moto),
      cfn: () => stackIn(moto, status),
      uninstall: {
        credentials: () => () => Promise.reject(new Error('unused')),
        kube: () => api,
        pollMs: 10,
      },
      log: (l) => logged.push(l),
    })(event(type, cfn.url), context(remainingMs));
    return { body: (await cfn.received()).body as Record<string, unknown>, logged, calls: k8s.calls };
  }

  test.each(['Create', 'Update'] as const)(
    '%s: touches nothing in the cluster and PUTs SUCCESS',
    async (type) => {
      const { body, calls } = await run(type, 'CREATE_IN_PROGRESS');
      expect(body).toEqual({
        Status: 'SUCCESS',
        Reason: 'nothing to do until the stack is deleted',
        PhysicalResourceId: PHYSICAL_ID,
        StackId: STACK_ID,
        RequestId: 'req-2',
        LogicalResourceId: 'Uninstall',
      });
      expect(calls).toEqual([]);
      expect(Object.keys(apps).sort()).toEqual(['backstage', ROOT_APPLICATION, 'kong'].sort());
    },
  );

  test.each(['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS'])(
    'Delete while the stack is %s (a replacement during an update): uninstalls nothing, SUCCESS',
    async (status) => {
      const { body, calls } = await run('Delete', status);
      expect(body).toMatchObject({
        Status: 'SUCCESS',
        Reason: `not uninstalled: the stack is ${status}, so this is not the build being deleted (log stream stream-2)`,
      });
      expect(calls).toEqual([]);
    },
  );

  test('Delete while the stack is DELETE_IN_PROGRESS: root, then tier 2, then tier 1; nothing left; metric 0', async () => {
    const { body, logged, calls } = await run('Delete', 'DELETE_IN_PROGRESS');
    expect(body).toEqual({
      Status: 'SUCCESS',
      Reason:
        'nothing left; removed root goldenpath-root: detached and deleted without its Applications; tier 2: backstage; tier 1: kong; the sweeper takes what is left (log stream stream-2)',
      PhysicalResourceId: PHYSICAL_ID,
      StackId: STACK_ID,
      RequestId: 'req-2',
      LogicalResourceId: 'Uninstall',
      Data: { Tiers: 3, Left: 0 },
    });
    expect(calls.filter((c) => c.startsWith('DELETE')).map((c) => c.split('/').pop())).toEqual([
      ROOT_APPLICATION,
      'backstage',
      'kong',
    ]);
    expect(apps).toEqual({});
    expect(JSON.parse(logged[logged.length - 1])).toMatchObject({
      _aws: {
        CloudWatchMetrics: [{ Namespace: 'goldenpath/teardown', Metrics: [{ Name: 'UninstallLeft' }] }],
      },
      ClusterName: 'goldenpath-dev-b-pr-1',
      UninstallLeft: 0,
    });
  });

  test('Delete with an Application whose finalizer never clears: stripped at the deadline, SUCCESS with what is left, within the Lambda time', async () => {
    apps.backstage = app('2', 'never', [{ kind: 'persistentvolumeclaims', name: 'backstage-data' }]);
    const started = Date.now();
    // 61.5 s left: 60 s are kept for the response, so the uninstall has 1.5 s in all.
    const { body, logged } = await run('Delete', 'DELETE_IN_PROGRESS', 61_500);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(body).toMatchObject({
      Status: 'SUCCESS',
      Reason:
        'left 2: Application backstage: still deleting at the tier 2 deadline; finalizers stripped; PersistentVolumeClaim apps/backstage-data: still there at the deadline; removed root goldenpath-root: detached and deleted without its Applications; tier 2: backstage; tier 1: kong; the sweeper takes what is left (log stream stream-2)',
      Data: { Tiers: 3, Left: 2 },
    });
    expect(JSON.parse(logged[logged.length - 1])).toMatchObject({ UninstallLeft: 2 });
  });

  test('Delete when the cluster API cannot be reached at all: SUCCESS, the failure reported, metric 1', async () => {
    k8s = await fakeKubernetes({});
    await k8s.close();
    const logged: string[] = [];
    await makeHandler({
      clients: () => sweeperClients(moto),
      cfn: () => stackIn(moto, 'DELETE_IN_PROGRESS'),
      // The real path: an EKS token from (fake) credentials, against a server that is gone.
      uninstall: {
        credentials: () => () => Promise.resolve({ accessKeyId: 'AKID', secretAccessKey: 'secret' }),
        pollMs: 10,
      },
      log: (l) => logged.push(l),
    })(
      {
        ...event('Delete', cfn.url),
        ResourceProperties: {
          ...event('Delete', cfn.url).ResourceProperties,
          Endpoint: k8s.url.replace('http:', 'https:'),
          CertificateAuthority: Buffer.from('not a certificate').toString('base64'),
        },
      },
      context(61_500),
    );
    const body = (await cfn.received()).body as { Status: string; Reason: string; Data: unknown };
    expect(body.Status).toBe('SUCCESS');
    expect(body.Reason).toMatch(
      /^left 1: Kubernetes API: GET \/apis\/argoproj\.io\/v1alpha1\/namespaces\/argocd\/applications: unreachable \(.*ECONNREFUSED.*\), given up; what was not uninstalled is left to the sweeper; removed nothing; the sweeper takes what is left/,
    );
    expect(body.Data).toEqual({ Tiers: 0, Left: 1 });
    expect(JSON.parse(logged[logged.length - 1])).toMatchObject({ UninstallLeft: 1 });
  });
});
