import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { makeHandler } from '../../../constructs/runtime/build-sweeper.handler';
import { ROOT_APPLICATION } from '../../../tiers/root';
import { useMoto } from '../../support/services';
import { sweeperClients } from '../../lib/ops/teardown/seed';
import { type FakeApp, app, fakeKubernetes } from '../../lib/ops/teardown/fake-kubernetes';
import { UNINSTALL_PROPERTIES, responseServer, stackIn } from './cfn-support';

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
    ResourceProperties: { ServiceToken: 'x', ...UNINSTALL_PROPERTIES },
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
});
