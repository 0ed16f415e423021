import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { ACCOUNT, REGION, decide } from '../iam-simulator';
import { CLUSTER, policiesOf } from './workload-fixture';

/** Clusters whose resources a build's controllers must never touch. */
const OTHERS = ['goldenpath-dev-persistent', 'goldenpath-dev-b-2', 'goldenpath-dev-b-10'];

const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const LB = arn('elasticloadbalancing', 'loadbalancer/app/k8s-x/0123456789abcdef');
const LISTENER = arn('elasticloadbalancing', 'listener/app/k8s-x/0123456789abcdef/fedcba9876543210');
const RULE = arn(
  'elasticloadbalancing',
  'listener-rule/app/k8s-x/0123456789abcdef/fedcba9876543210/0011223344556677',
);
const TG = arn('elasticloadbalancing', 'targetgroup/k8s-x/0123456789abcdef');
const SG = arn('ec2', 'security-group/sg-0123456789abcdef0');
const VOLUME = arn('ec2', 'volume/vol-0123456789abcdef0');
// Snapshot ARNs carry no account.
const SNAPSHOT = `arn:aws:ec2:${REGION}::snapshot/snap-0123456789abcdef0`;
const ASG = arn(
  'autoscaling',
  'autoScalingGroup:11111111-2222-3333-4444-555555555555:autoScalingGroupName/eks-nodes-x',
);

type Case = readonly [action: string, resource: string];

/** `action` on `resource` is allowed with `tag = CLUSTER` and denied with each other cluster's or none. */
async function expectOwnOnly(policies: unknown[], [action, resource]: Case, tag: string, extra = {}) {
  const verdict = (value?: string) =>
    decide(policies, action, resource, { ...extra, ...(value === undefined ? {} : { [tag]: value }) });
  expect(`${action} ${await verdict(CLUSTER)}`).toBe(`${action} Allowed`);
  for (const other of OTHERS) expect(`${action} ${await verdict(other)}`).toBe(`${action} ImplicitlyDenied`);
  expect(`${action} untagged ${await verdict()}`).toBe(`${action} untagged ImplicitlyDenied`);
}

/**
 * `elasticloadbalancing:AddTags`/`RemoveTags` on a listener or rule. The simulator's service data
 * merges Elastic Load Balancing v1 and v2 under one prefix and keeps v1's resource type for these
 * two (a classic load balancer), so its checked entry point refuses a listener ARN; the policy
 * itself is evaluated the same way, without that check.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html
 */
function decideTagging(
  policies: unknown[],
  action: string,
  resource: string,
  context: Record<string, string>,
) {
  return runUnsafeSimulation(
    {
      identityPolicies: policies.map((policy, i) => ({ name: `p${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action,
        principal: `arn:aws:iam::${ACCOUNT}:role/simulated`,
        resource: { accountId: ACCOUNT, resource },
        contextVariables: context,
      },
    },
    {},
  );
}

describe('AWS Load Balancer Controller: this cluster only (simulated)', () => {
  const policies = policiesOf('IdentitiesAwsLoadBalancerControllerRole');
  const own = 'aws:ResourceTag/elbv2.k8s.aws/cluster';

  test.each<Case>([
    ['ec2:AuthorizeSecurityGroupIngress', SG],
    ['ec2:RevokeSecurityGroupIngress', SG],
    ['ec2:DeleteSecurityGroup', SG],
    ['elasticloadbalancing:DeleteLoadBalancer', LB],
    ['elasticloadbalancing:ModifyLoadBalancerAttributes', LB],
    ['elasticloadbalancing:CreateListener', LB],
    ['elasticloadbalancing:DeleteListener', LISTENER],
    ['elasticloadbalancing:ModifyListener', LISTENER],
    ['elasticloadbalancing:AddListenerCertificates', LISTENER],
    ['elasticloadbalancing:RemoveListenerCertificates', LISTENER],
    ['elasticloadbalancing:CreateRule', LISTENER],
    ['elasticloadbalancing:DeleteRule', RULE],
    ['elasticloadbalancing:ModifyRule', RULE],
    ['elasticloadbalancing:DeleteTargetGroup', TG],
    ['elasticloadbalancing:RegisterTargets', TG],
    ['elasticloadbalancing:DeregisterTargets', TG],
  ])('%s on %s needs the elbv2.k8s.aws/cluster tag of this cluster', async (...c) => {
    await expectOwnOnly(policies, c, own);
  });

  test("security-group ingress also on this cluster's EKS security group, not another cluster's or the database's", async () => {
    for (const action of ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'])
      await expectOwnOnly(policies, [action, SG], 'aws:ResourceTag/aws:eks:cluster-name');
    // The cluster-tag key EKS also sets, on a group the controller could tag itself, is not enough.
    expect(
      await decide(policies, 'ec2:AuthorizeSecurityGroupIngress', SG, {
        [`aws:ResourceTag/kubernetes.io/cluster/${CLUSTER}`]: 'owned',
      }),
    ).toBe('ImplicitlyDenied');
  });

  test('load balancers, target groups and listener tags are created only with this cluster in the request', async () => {
    for (const c of [
      ['elasticloadbalancing:CreateLoadBalancer', LB],
      ['elasticloadbalancing:CreateTargetGroup', TG],
    ] as const)
      await expectOwnOnly(policies, c, 'aws:RequestTag/elbv2.k8s.aws/cluster');
    for (const [resource, createAction] of [
      [LISTENER, 'CreateListener'],
      [RULE, 'CreateRule'],
    ]) {
      const tag = (cluster: string, action = createAction) =>
        decideTagging(policies, 'elasticloadbalancing:AddTags', resource, {
          'elasticloadbalancing:CreateAction': action,
          'aws:RequestTag/elbv2.k8s.aws/cluster': cluster,
        });
      expect(tag(CLUSTER)).toBe('Allowed');
      for (const other of OTHERS) expect(tag(other)).toBe('ImplicitlyDenied');
      expect(tag(CLUSTER, 'CreateLoadBalancer')).toBe('ImplicitlyDenied');
    }
  });

  test("a listener or rule of another cluster cannot be tagged as this cluster's", () => {
    for (const resource of [LISTENER, RULE]) {
      const retag = (resourceCluster: string, requestTags: Record<string, string>) =>
        decideTagging(policies, 'elasticloadbalancing:AddTags', resource, {
          [own]: resourceCluster,
          ...requestTags,
        });
      expect(retag('goldenpath-dev-persistent', { 'aws:RequestTag/elbv2.k8s.aws/cluster': CLUSTER })).toBe(
        'ImplicitlyDenied',
      );
      expect(retag(CLUSTER, { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'goldenpath-dev-persistent' })).toBe(
        'ImplicitlyDenied',
      );
      // Its own listeners' other tags stay the controller's to reconcile.
      expect(retag(CLUSTER, { 'aws:RequestTag/ingress.k8s.aws/stack': 'ns/app' })).toBe('Allowed');
      expect(retag('goldenpath-dev-persistent', { 'aws:RequestTag/ingress.k8s.aws/stack': 'ns/app' })).toBe(
        'ImplicitlyDenied',
      );
    }
  });
});

describe('EBS CSI driver: this cluster only (simulated)', () => {
  const policies = policiesOf('IdentitiesEbsCsiRole');
  const own = 'aws:ResourceTag/KubernetesCluster';

  test.each<Case>([
    ['ec2:DeleteVolume', VOLUME],
    ['ec2:AttachVolume', VOLUME],
    ['ec2:DetachVolume', VOLUME],
    ['ec2:ModifyVolume', VOLUME],
    ['ec2:CreateSnapshot', VOLUME],
    ['ec2:DeleteSnapshot', SNAPSHOT],
    ['ec2:CreateVolume', SNAPSHOT],
  ])('%s on %s needs the KubernetesCluster tag of this cluster', async (...c) => {
    await expectOwnOnly(policies, c, own);
  });

  test('volumes and snapshots are created, and tagged, only with this cluster in the request', async () => {
    await expectOwnOnly(policies, ['ec2:CreateVolume', VOLUME], 'aws:RequestTag/KubernetesCluster');
    await expectOwnOnly(policies, ['ec2:CreateSnapshot', SNAPSHOT], 'aws:RequestTag/KubernetesCluster');
    for (const [resource, createAction] of [
      [VOLUME, 'CreateVolume'],
      [SNAPSHOT, 'CreateSnapshot'],
    ])
      await expectOwnOnly(policies, ['ec2:CreateTags', resource], 'aws:RequestTag/KubernetesCluster', {
        'ec2:CreateAction': createAction,
      });
    // Tagging an existing volume (another cluster's, to make it this one's) is refused.
    expect(
      await decide(policies, 'ec2:CreateTags', VOLUME, {
        'aws:RequestTag/KubernetesCluster': CLUSTER,
        [own]: 'goldenpath-dev-persistent',
      }),
    ).toBe('ImplicitlyDenied');
    expect(await decide(policies, 'ec2:DeleteTags', VOLUME, { [own]: CLUSTER })).toBe('ImplicitlyDenied');
  });
});

describe('cluster-autoscaler: this cluster only (simulated)', () => {
  const policies = policiesOf('IdentitiesClusterAutoscalerRole');

  test.each(['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'])(
    "%s only on this cluster's Auto Scaling groups",
    async (action) => {
      const scale = (tags: Record<string, string>) => decide(policies, action, ASG, tags);
      expect(await scale({ [`aws:ResourceTag/k8s.io/cluster-autoscaler/${CLUSTER}`]: 'owned' })).toBe(
        'Allowed',
      );
      for (const other of OTHERS)
        expect(await scale({ [`aws:ResourceTag/k8s.io/cluster-autoscaler/${other}`]: 'owned' })).toBe(
          'ImplicitlyDenied',
        );
      expect(await scale({ 'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled': 'true' })).toBe(
        'ImplicitlyDenied',
      );
      expect(await scale({})).toBe('ImplicitlyDenied');
    },
  );
});
