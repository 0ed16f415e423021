import albControllerPolicy from './aws-load-balancer-controller-v2.13.0.json';

const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

interface Statement {
  readonly Condition?: Record<string, Record<string, string | string[]>>;
  readonly [key: string]: unknown;
}

/**
 * The AWS Load Balancer Controller v2.13.0 policy, pinned to one cluster. Upstream, a mutating
 * statement asks only that the `elbv2.k8s.aws/cluster` tag exist (`Null: false`), so one cluster's
 * controller may delete or change every other cluster's load balancers, target groups and
 * security groups. Here each such check becomes `StringEquals <tag> = clusterName`: on the
 * resource (`aws:ResourceTag`) for changes and deletes, on the request (`aws:RequestTag`) for
 * creates. The `Null: true` checks (a tag change that does not set the cluster tag) stay.
 */
export function albControllerPolicyFor(clusterName: string): { Version: string; Statement: Statement[] } {
  const statements = (albControllerPolicy.Statement as Statement[]).map((s) => {
    const nulls = s.Condition?.Null;
    if (nulls === undefined) return s;
    const pinned: Record<string, string> = {};
    const kept: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(nulls)) {
      const tagCheck = key === `aws:ResourceTag/${CLUSTER_TAG}` || key === `aws:RequestTag/${CLUSTER_TAG}`;
      if (tagCheck && value === 'false') pinned[key] = clusterName;
      else kept[key] = value;
    }
    const condition = { ...s.Condition };
    delete condition.Null;
    if (Object.keys(kept).length > 0) condition.Null = kept;
    if (Object.keys(pinned).length > 0) condition.StringEquals = { ...condition.StringEquals, ...pinned };
    return { ...s, Condition: condition };
  });
  return { Version: albControllerPolicy.Version, Statement: statements };
}
