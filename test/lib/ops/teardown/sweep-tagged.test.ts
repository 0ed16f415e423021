import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  TAGGED_KINDS,
  type TaggedItem,
  deleteAll,
  deleteOwned,
  listOwned,
  ownedBy,
} from '../../../../lib/ops/teardown/sweep-tagged';
import { useMoto } from '../../../support/services';
import { awsError, injectFault } from './faults';
import { freshSweeperClients, seedBuildLeftovers } from './seed';

const CLUSTER = 'goldenpath-dev-b-pr-1';
const soon = () => ({ deadline: Date.now() + 30_000, retryDelayMs: 1 });

describe('ownedBy', () => {
  test.each([
    [[{ Key: 'elbv2.k8s.aws/cluster', Value: 'c' }], true],
    [[{ Key: 'KubernetesCluster', Value: 'c' }], true],
    [[{ Key: 'kubernetes.io/cluster/c', Value: 'owned' }], true],
    [[{ Key: 'kubernetes.io/cluster/c', Value: 'shared' }], false],
    [
      [
        { Key: 'KubernetesCluster', Value: 'c' },
        { Key: 'kubernetes.io/cluster/c', Value: 'shared' },
      ],
      false,
    ],
    [[{ Key: 'elbv2.k8s.aws/cluster', Value: 'c2' }], false],
    [
      [
        { Key: 'elbv2.k8s.aws/cluster', Value: 'c' },
        { Key: 'aws:cloudformation:stack-name', Value: 's' },
      ],
      false,
    ],
  ])('tags %j are owned by cluster c: %s', (tags, expected) => {
    expect(ownedBy(tags, 'c')).toBe(expected);
  });

  test('no tags, or a resource EKS owns, is never ours', () => {
    expect([
      ownedBy(undefined, 'c'),
      ownedBy([], 'c'),
      ownedBy(
        [
          { Key: 'kubernetes.io/cluster/c', Value: 'owned' },
          { Key: 'aws:eks:cluster-name', Value: 'c' },
        ],
        'c',
      ),
    ]).toEqual([false, false, false]);
  });
});

describe('deleteAll', () => {
  const items: TaggedItem[] = [
    { kind: 'load balancer', id: 'lb-1' },
    { kind: 'target group', id: 'tg-1' },
    { kind: 'security group', id: 'sg-1' },
    { kind: 'volume', id: 'vol-1' },
  ];

  test('what AWS refuses for now (throttled, still in use) is tried again next pass, in order, until it goes', async () => {
    const tries: string[] = [];
    const refusals: Record<string, Error[]> = {
      'tg-1': [awsError('ResourceInUse', 'Target group is currently in use by a listener or a rule')],
      'sg-1': [
        awsError('DependencyViolation', 'resource sg-1 has a dependent object'),
        awsError('RequestLimitExceeded', 'Request limit exceeded.'),
      ],
    };
    const done = await deleteAll(
      items,
      ({ id }) => {
        tries.push(id);
        const refusal = refusals[id]?.shift();
        return refusal ? Promise.reject(refusal) : Promise.resolve();
      },
      soon(),
    );
    expect(done).toEqual({ deleted: [items[0], items[3], items[1], items[2]], left: [] });
    expect(tries).toEqual(['lb-1', 'tg-1', 'sg-1', 'vol-1', 'tg-1', 'sg-1', 'sg-1']);
  });

  test.each([
    'LoadBalancerNotFound',
    'LoadBalancerNotFoundException',
    'TargetGroupNotFoundException',
    'InvalidGroup.NotFound',
    'InvalidGroupId.NotFound',
    'InvalidVolume.NotFound',
  ])('a resource already gone (%s) is done: neither deleted by this run nor left', async (name) => {
    let tries = 0;
    const done = await deleteAll(
      [items[0]],
      () => {
        tries += 1;
        return Promise.reject(awsError(name, 'not found'));
      },
      soon(),
    );
    expect([done, tries]).toEqual([{ deleted: [], left: [] }, 1]);
  });

  test('a refusal no retry can fix is left at once, with its error, and the others still go', async () => {
    let tries = 0;
    const done = await deleteAll(
      items,
      ({ kind }) => {
        if (kind !== 'volume') return Promise.resolve();
        tries += 1;
        return Promise.reject(
          awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.\nEncoded: x'),
        );
      },
      soon(),
    );
    expect([done, tries]).toEqual([
      {
        deleted: items.slice(0, 3),
        left: ['volume vol-1: UnauthorizedOperation: You are not authorized to perform this operation.'],
      },
      1,
    ]);
  });

  test('what is still refused at the deadline is left with its last error; nothing throws', async () => {
    let clock = 0;
    let tries = 0;
    const done = await deleteAll(
      items.slice(2),
      ({ id }) => {
        if (id === 'vol-1') return Promise.resolve();
        tries += 1;
        clock += 100;
        return Promise.reject(awsError('DependencyViolation', `still attached (try ${tries})`));
      },
      { deadline: 250, now: () => clock, retryDelayMs: 1 },
    );
    expect([done, tries]).toEqual([
      { deleted: [items[3]], left: ['security group sg-1: DependencyViolation: still attached (try 3)'] },
      3,
    ]);
  });

  test('nothing to delete is done at once', async () => {
    expect(await deleteAll([], () => Promise.reject(new Error('never called')), soon())).toEqual({
      deleted: [],
      left: [],
    });
  });
});

describe('listOwned and deleteOwned', () => {
  const moto = useMoto();
  const clients = freshSweeperClients(moto);

  /** The names of the seeded security groups and volumes behind `ids`, sorted. */
  const namesOf = async (kind: 'security group' | 'volume', ids: readonly string[]) => {
    if (kind === 'security group') {
      const groups = (await clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [...ids] })))
        .SecurityGroups!;
      return groups.map((g) => g.GroupName!).sort();
    }
    const volumes = (await clients.ec2.send(new DescribeVolumesCommand({ VolumeIds: [...ids] }))).Volumes!;
    return volumes.map((v) => v.Tags!.find((t) => t.Key === 'Name')!.Value!).sort();
  };
  const lastSegment = (arns: readonly string[]) => arns.map((arn) => arn.split('/').at(-2)!);

  test("lists each kind the cluster owns by tag, never a look-alike cluster's, a shared one or an untagged one", async () => {
    await seedBuildLeftovers(clients);
    const found = {} as Record<(typeof TAGGED_KINDS)[number], string[]>;
    for (const k of TAGGED_KINDS) found[k] = await listOwned(k, clients, CLUSTER, soon());
    expect({
      'load balancer': lastSegment(found['load balancer']),
      'target group': lastSegment(found['target group']),
      'security group': await namesOf('security group', found['security group']),
      volume: await namesOf('volume', found.volume),
    }).toEqual({
      'load balancer': ['lb-ours-intree', 'lb-ours-lbc'],
      'target group': ['tg-ours-intree', 'tg-ours-lbc'],
      'security group': ['sg-ours-backend', 'sg-ours-intree', 'sg-ours-lbc'],
      volume: ['vol-ours-csi', 'vol-ours-plain'],
    });
  });

  test('throttled listing is retried', async () => {
    await seedBuildLeftovers(clients);
    const tags = injectFault(clients.elbv2, 'DescribeTagsCommand', (_input, call) => {
      if (call === 1) throw awsError('Throttling', 'Rate exceeded');
    });
    const groups = injectFault(clients.ec2, 'DescribeSecurityGroupsCommand', (_input, call) => {
      if (call <= 2) throw awsError('RequestLimitExceeded', 'Request limit exceeded.');
    });
    const lbs = await listOwned('load balancer', clients, CLUSTER, soon());
    const sgs = await listOwned('security group', clients, CLUSTER, soon());
    expect([lbs.length, sgs.length, tags.calls(), groups.calls()]).toEqual([2, 3, 2, 5]);
  });

  test('load balancer tags are read 20 at a time, the most one call takes', async () => {
    const { vpc } = await seedBuildLeftovers(clients);
    const subnets = (
      await clients.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }))
    ).Subnets!.map((s) => s.SubnetId!);
    const sizes: number[] = [];
    injectFault(clients.elbv2, 'DescribeTagsCommand', (input) => {
      sizes.push((input.ResourceArns as string[]).length);
    });
    for (let i = 0; i < 20; i++) {
      await clients.elbv2.send(
        new CreateLoadBalancerCommand({
          Name: `lb-more-${i}`,
          Subnets: subnets,
          Type: 'network',
          Tags: [{ Key: 'elbv2.k8s.aws/cluster', Value: CLUSTER }],
        }),
      );
    }
    const lbs = await listOwned('load balancer', clients, CLUSTER, soon());
    expect([lbs.length, sizes]).toEqual([22, [20, 6]]);
  });

  test('a half-done sweep (a group still in use at the deadline) is finished by the next run', async () => {
    await seedBuildLeftovers(clients);
    const list = async () => {
      const all: TaggedItem[] = [];
      for (const kind of TAGGED_KINDS)
        all.push(...(await listOwned(kind, clients, CLUSTER, soon())).map((id) => ({ kind, id })));
      return all;
    };
    const remove = (item: TaggedItem) => deleteOwned(item.kind, clients, item.id);
    const inUse = injectFault(clients.ec2, 'DeleteSecurityGroupCommand', (_input, call) => {
      if (call <= 3) throw awsError('DependencyViolation', 'resource has a dependent object');
    });

    const first = await deleteAll(await list(), remove, { deadline: Date.now() + 1, retryDelayMs: 5 });
    expect([first.deleted.map((i) => i.kind), first.left.length]).toEqual([
      ['load balancer', 'load balancer', 'target group', 'target group', 'volume', 'volume'],
      3,
    ]);
    expect((await list()).map((i) => i.kind)).toEqual(['security group', 'security group', 'security group']);

    const second = await deleteAll(await list(), remove, soon());
    expect([second.deleted.length, second.left, inUse.calls()]).toEqual([3, [], 6]);
    expect(await list()).toEqual([]);
  });
});
