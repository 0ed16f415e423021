import { ClusterStack } from '../../../lib/stacks/cluster-stack';
import { sharedTestApp, templateOf } from '../../util';

/** The argo-cd chart's values in a cluster stack's template (what CDK installs ArgoCD with). */
function argoCdValues(stack: ClusterStack): string {
  const charts = templateOf(stack).findResources('Custom::AWSCDK-EKS-HelmChart', {
    Properties: { Chart: 'argo-cd' },
  });
  expect(Object.keys(charts)).toHaveLength(1);
  return JSON.stringify(charts);
}

describe('single sign-on in the cluster stacks', () => {
  let persistent: ClusterStack;
  let build: ClusterStack;
  // In a hook, so that an app that fails to build fails these tests alone.
  beforeAll(() => {
    const { app } = sharedTestApp({ buildId: 'pr-1' });
    const stacks = app.node.children.filter((c): c is ClusterStack => c instanceof ClusterStack);
    persistent = stacks.find((s) => s.plan.deployment.kind === 'persistent')!;
    build = stacks.find((s) => s.plan.deployment.kind === 'ephemeral')!;
  });

  test('the persistent cluster (tier 3) installs ArgoCD with the realm’s OIDC config and group RBAC', () => {
    const values = argoCdValues(persistent);
    expect(values).toContain('oidc.config');
    expect(values).toContain('issuer: https://keycloak.dev.goldenpathidp.io/realms/goldenpath');
    expect(values).toContain('clientSecret: $oidc-argocd:client-secret');
    expect(values).toContain('g, platform-admins, role:admin');
  });

  test('a build installs ArgoCD with its local admin only, and nothing in its template refers to Keycloak', () => {
    expect(argoCdValues(build)).not.toMatch(/oidc\.config|policy\.csv/);
    expect(JSON.stringify(templateOf(build).toJSON())).not.toMatch(/keycloak/i);
  });
});
