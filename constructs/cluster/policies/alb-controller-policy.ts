import albControllerPolicy from './aws-load-balancer-controller-v2.13.0.json';

/** The tag the controller puts on everything it creates, with the cluster's name as value. */
export const LB_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';
/**
 * The tag EKS puts on the cluster security group (an `aws:` tag: no one can set or change it).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
 */
export const EKS_CLUSTER_SG_TAG = 'aws:eks:cluster-name';

type Condition = Record<string, Record<string, string | string[]>>;

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: Condition;
}

const LISTENERS = [
  'arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*',
  'arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*',
  'arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*',
  'arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*',
];

/**
 * Upstream statements that name no cluster at all, each replaced by statements pinned to this
 * cluster, keyed by the upstream statement's actions. Which condition keys each action supports
 * (ELBv2: `aws:ResourceTag` on load balancers, listeners, rules and target groups; none on
 * `SetRulePriorities`, no resource type for `SetWebAcl`) is from the Service Authorization
 * Reference, the same data the IAM simulator tests evaluate with.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
 */
function overrides(clusterName: string): Record<string, Statement[]> {
  const own = { StringEquals: { [`aws:ResourceTag/${LB_CLUSTER_TAG}`]: clusterName } };
  const allow = (Sid: string, Action: string[], Resource: string | string[], Condition?: Condition) => ({
    Sid,
    Effect: 'Allow',
    Action,
    Resource,
    ...(Condition ? { Condition } : {}),
  });
  return {
    // Node-side rules: the controller opens the nodes' group (the EKS cluster security group) to
    // its load balancers. Only this cluster's one; its own groups are in the statement below.
    'ec2:AuthorizeSecurityGroupIngress,ec2:RevokeSecurityGroupIngress': [
      allow(
        'IngressOnThisClusterSecurityGroup',
        ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
        'arn:aws:ec2:*:*:security-group/*',
        { StringEquals: { [`aws:ResourceTag/${EKS_CLUSTER_SG_TAG}`]: clusterName } },
      ),
    ],
    // CreateListener is authorized on the load balancer, CreateRule and DeleteListener on the
    // listener, DeleteRule on the rule: each must carry this cluster's tag.
    'elasticloadbalancing:CreateListener,elasticloadbalancing:DeleteListener,elasticloadbalancing:CreateRule,elasticloadbalancing:DeleteRule':
      [
        allow(
          'ListenersAndRulesOfOwnLoadBalancers',
          [
            'elasticloadbalancing:CreateListener',
            'elasticloadbalancing:DeleteListener',
            'elasticloadbalancing:CreateRule',
            'elasticloadbalancing:DeleteRule',
          ],
          '*',
          own,
        ),
      ],
    // Tags on listeners and rules: set when they are created (the cluster tag in the request), or
    // changed later on this cluster's own, never the cluster tag itself (else a tag could turn
    // another cluster's listener into this one's).
    'elasticloadbalancing:AddTags,elasticloadbalancing:RemoveTags': [
      allow('TagListenersAndRulesOnCreate', ['elasticloadbalancing:AddTags'], LISTENERS, {
        StringEquals: {
          'elasticloadbalancing:CreateAction': ['CreateListener', 'CreateRule'],
          [`aws:RequestTag/${LB_CLUSTER_TAG}`]: clusterName,
        },
      }),
      allow(
        'RetagOwnListenersAndRules',
        ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
        LISTENERS,
        { ...own, Null: { [`aws:RequestTag/${LB_CLUSTER_TAG}`]: 'true' } },
      ),
    ],
    // Registering a target in another cluster's group would steal its traffic.
    'elasticloadbalancing:RegisterTargets,elasticloadbalancing:DeregisterTargets': [
      allow(
        'TargetsOfOwnTargetGroups',
        ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
        own,
      ),
    ],
    'elasticloadbalancing:SetWebAcl,elasticloadbalancing:ModifyListener,elasticloadbalancing:AddListenerCertificates,elasticloadbalancing:RemoveListenerCertificates,elasticloadbalancing:ModifyRule,elasticloadbalancing:SetRulePriorities':
      [
        allow(
          'ChangeOwnListenersAndRules',
          [
            'elasticloadbalancing:ModifyListener',
            'elasticloadbalancing:AddListenerCertificates',
            'elasticloadbalancing:RemoveListenerCertificates',
            'elasticloadbalancing:ModifyRule',
          ],
          '*',
          own,
        ),
        // No condition key and no resource-level scope exists for these two.
        allow('SetRulePriorities', ['elasticloadbalancing:SetRulePriorities'], LISTENERS.slice(2)),
        allow('SetWebAcl', ['elasticloadbalancing:SetWebAcl'], '*'),
      ],
  };
}

/**
 * The AWS Load Balancer Controller v2.13.0 policy, pinned to one cluster. Upstream, a mutating
 * statement asks only that the `elbv2.k8s.aws/cluster` tag exist (`Null: false`), or names no
 * cluster at all, so one cluster's controller may delete or change every other cluster's load
 * balancers, listeners, target groups and security groups and open any security group. Here:
 * - each `Null: false` check on the cluster tag becomes `StringEquals <tag> = clusterName`, on
 *   the resource (`aws:ResourceTag`) for changes and deletes, on the request (`aws:RequestTag`)
 *   for creates; the `Null: true` checks (a tag change that does not set the cluster tag) stay;
 * - each statement without a cluster check is replaced (`overrides`): security-group ingress
 *   only on this cluster's EKS security group or the controller's own groups, listeners and
 *   rules only of this cluster's load balancers, targets only of its own target groups.
 *
 * An override that matches no upstream statement (after a policy update) leaves that statement
 * unscoped, which its test (`test/constructs/cluster/policies/alb-controller-policy.test.ts`) refuses.
 */
export function albControllerPolicyFor(clusterName: string): { Version: string; Statement: Statement[] } {
  const replace = overrides(clusterName);
  const statements = (albControllerPolicy.Statement as Statement[]).flatMap((s): Statement[] => {
    const replacement = s.Condition === undefined ? replace[s.Action.join(',')] : undefined;
    return replacement ?? [pinClusterTag(s, clusterName)];
  });
  return { Version: albControllerPolicy.Version, Statement: statements };
}

function pinClusterTag(s: Statement, clusterName: string): Statement {
  const nulls = s.Condition?.Null;
  if (nulls === undefined) return s;
  const pinned: Record<string, string> = {};
  const kept: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(nulls)) {
    const tagCheck =
      key === `aws:ResourceTag/${LB_CLUSTER_TAG}` || key === `aws:RequestTag/${LB_CLUSTER_TAG}`;
    if (tagCheck && value === 'false') pinned[key] = clusterName;
    else kept[key] = value;
  }
  const condition = { ...s.Condition };
  delete condition.Null;
  if (Object.keys(kept).length > 0) condition.Null = kept;
  if (Object.keys(pinned).length > 0) condition.StringEquals = { ...condition.StringEquals, ...pinned };
  return { ...s, Condition: condition };
}
