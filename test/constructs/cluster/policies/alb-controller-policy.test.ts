import {
  EKS_CLUSTER_SG_TAG,
  LB_CLUSTER_TAG,
  type Statement,
  albControllerPolicyFor,
} from '../../../../constructs/cluster/policies/alb-controller-policy';
import albUpstream from '../../../../constructs/cluster/policies/aws-load-balancer-controller-v2.13.0.json';
import { CLUSTER } from '../workload-fixture';

// What the policy allows is proven with the IAM simulator in ../workload-scopes.test.ts; these
// tests read the document itself: which statements, which conditions.

const policy = () => albControllerPolicyFor(CLUSTER);
const conditions = (s: { Condition?: unknown }) => JSON.stringify(s.Condition ?? {});

describe('albControllerPolicyFor: the upstream policy pinned to one cluster', () => {
  test('every upstream action is still granted, and only the ones without a condition key stay unscoped', () => {
    const actions = (statements: { Action: string[] }[]) => new Set(statements.flatMap((s) => s.Action));
    const pinned = albControllerPolicyFor(CLUSTER).Statement;
    expect([...actions(pinned)].sort()).toEqual([...actions(albUpstream.Statement)].sort());
    const mutating = /:(Create|Delete|Modify|Set|Add|Remove|Register|Deregister|Authorize|Revoke)/;
    const unscoped = pinned
      .filter((s) => s.Condition === undefined)
      .flatMap((s) => s.Action)
      .filter((a) => mutating.test(a) && !a.startsWith('waf') && !a.startsWith('shield:'));
    expect(unscoped.sort()).toEqual([
      'ec2:CreateSecurityGroup',
      'elasticloadbalancing:SetRulePriorities',
      'elasticloadbalancing:SetWebAcl',
    ]);
  });

  test('no statement checks only that the cluster tag exists: each such check names this cluster', () => {
    const doc = policy();
    for (const s of doc.Statement) {
      for (const key of [`aws:ResourceTag/${LB_CLUSTER_TAG}`, `aws:RequestTag/${LB_CLUSTER_TAG}`]) {
        expect(`${key} ${JSON.stringify(s.Condition?.Null?.[key])}`).not.toBe(`${key} "false"`);
      }
    }
    // Each upstream `Null: false` check became a StringEquals on the same key, in the statement
    // with the same actions and resources.
    type Upstream = { Action: string[]; Resource: unknown; Condition?: { Null?: Record<string, string> } };
    const checked = (albUpstream.Statement as Upstream[]).flatMap((u) =>
      Object.entries(u.Condition?.Null ?? {})
        .filter(([, v]) => v === 'false')
        .map(([key]) => {
          const same = doc.Statement.find(
            (s) =>
              s.Action.join() === u.Action.join() &&
              JSON.stringify(s.Resource) === JSON.stringify(u.Resource),
          );
          return `${u.Action[0]} ${key} = ${JSON.stringify(same?.Condition?.StringEquals?.[key])}`;
        }),
    );
    expect(checked).toHaveLength(7);
    expect(checked.filter((line) => !line.endsWith(` = "${CLUSTER}"`))).toEqual([]);
  });

  test('a tag change that does not set the cluster tag keeps its Null: true check beside the pinned resource tag', () => {
    const retag = policy().Statement.filter((s) => s.Action.join(',') === 'ec2:CreateTags,ec2:DeleteTags');
    expect(retag).toEqual([
      {
        Effect: 'Allow',
        Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
        Resource: 'arn:aws:ec2:*:*:security-group/*',
        Condition: {
          Null: { [`aws:RequestTag/${LB_CLUSTER_TAG}`]: 'true' },
          StringEquals: { [`aws:ResourceTag/${LB_CLUSTER_TAG}`]: CLUSTER },
        },
      },
    ]);
  });

  test('conditions that are not the cluster tag stay as upstream wrote them', () => {
    const tagOnCreate = policy().Statement.find(
      (s) => s.Action.join(',') === 'ec2:CreateTags' && s.Condition?.StringEquals?.['ec2:CreateAction'],
    );
    expect(tagOnCreate?.Condition).toEqual({
      StringEquals: {
        'ec2:CreateAction': 'CreateSecurityGroup',
        [`aws:RequestTag/${LB_CLUSTER_TAG}`]: CLUSTER,
      },
    });
    const serviceLinkedRole = policy().Statement.find((s) =>
      s.Action.includes('iam:CreateServiceLinkedRole'),
    );
    expect(serviceLinkedRole?.Condition).toEqual({
      StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' },
    });
  });

  test('every override replaces an upstream statement (a policy update that renames one would show here)', () => {
    expect(
      policy()
        .Statement.map((s) => s.Sid)
        .filter((sid) => sid !== undefined),
    ).toEqual([
      'IngressOnThisClusterSecurityGroup',
      'ListenersAndRulesOfOwnLoadBalancers',
      'TagListenersAndRulesOnCreate',
      'RetagOwnListenersAndRules',
      'TargetsOfOwnTargetGroups',
      'ChangeOwnListenersAndRules',
      'SetRulePriorities',
      'SetWebAcl',
    ]);
  });

  test("security-group ingress without the controller's tag: only on this cluster's EKS security group", () => {
    const ingress = policy().Statement.find((s) => s.Sid === 'IngressOnThisClusterSecurityGroup');
    expect(ingress).toEqual({
      Sid: 'IngressOnThisClusterSecurityGroup',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      Resource: 'arn:aws:ec2:*:*:security-group/*',
      Condition: { StringEquals: { [`aws:ResourceTag/${EKS_CLUSTER_SG_TAG}`]: CLUSTER } },
    });
  });

  test('listener and rule tags: set on create with this cluster in the request, changed later without the cluster tag', () => {
    const byId = new Map(policy().Statement.map((s) => [s.Sid, s]));
    const sid = (id: string): Statement => byId.get(id)!;
    expect(sid('TagListenersAndRulesOnCreate').Condition).toEqual({
      StringEquals: {
        'elasticloadbalancing:CreateAction': ['CreateListener', 'CreateRule'],
        [`aws:RequestTag/${LB_CLUSTER_TAG}`]: CLUSTER,
      },
    });
    expect(sid('RetagOwnListenersAndRules').Condition).toEqual({
      StringEquals: { [`aws:ResourceTag/${LB_CLUSTER_TAG}`]: CLUSTER },
      Null: { [`aws:RequestTag/${LB_CLUSTER_TAG}`]: 'true' },
    });
    expect(sid('SetRulePriorities').Resource).toEqual([
      'arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*',
    ]);
  });

  test("two clusters' policies differ only in the cluster's name", () => {
    const other = 'goldenpath-dev-persistent';
    const mine = JSON.stringify(policy());
    expect(mine).not.toContain(other);
    expect(JSON.stringify(albControllerPolicyFor(other))).toBe(mine.split(`"${CLUSTER}"`).join(`"${other}"`));
  });

  test('the upstream document is not changed by pinning', () => {
    const before = JSON.stringify(albUpstream);
    policy();
    albControllerPolicyFor('goldenpath-dev-persistent');
    expect(JSON.stringify(albUpstream)).toBe(before);
    expect(policy().Version).toBe('2012-10-17');
    expect(
      policy()
        .Statement.map(conditions)
        .filter((c) => c.includes('"Null":{}')),
    ).toEqual([]);
  });
});
