import { ARGOCD_ADMIN, ARGOCD_ADMIN_PASSWORD_TEMPLATE } from '../../tiers/sso';
import { oidcConfig } from '../../tiers/tier3/oidc-config';
import { type Obj, helmValues, renderTiers, renderedApplication } from './fixture';

/** The break-glass ExternalSecret `argocd/argocd-admin` among the objects of `oidc-config`. */
function argocdAdmin(): Obj | undefined {
  const resources = helmValues(renderedApplication('persistent', 3, 'oidc-config')).resources as Obj[];
  return resources.find(
    (o) =>
      o.kind === 'ExternalSecret' && o.metadata.namespace === 'argocd' && o.metadata.name === 'argocd-admin',
  );
}

describe('ArgoCD’s break-glass admin where single sign-on is on', () => {
  test('the Foundation generates goldenpath/<env>/argocd/admin, declared by the SSO app', () => {
    expect(ARGOCD_ADMIN).toEqual({ id: 'argocd/admin', key: 'admin-password' });
    expect(oidcConfig.generatedSecrets).toContainEqual(ARGOCD_ADMIN);
    expect(oidcConfig.secrets).toContain('argocd/admin');
  });

  test('External Secrets merges the bcrypt hash, never the password, into argocd-secret', () => {
    expect(argocdAdmin()?.spec).toEqual({
      refreshPolicy: 'OnChange',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secretsmanager' },
      target: {
        name: 'argocd-secret',
        creationPolicy: 'Merge',
        template: {
          engineVersion: 'v2',
          data: { 'admin.password': '{{ index . "admin-password" | bcrypt }}' },
        },
      },
      dataFrom: [{ extract: { key: 'goldenpath/dev/argocd/admin' } }],
    });
    expect(ARGOCD_ADMIN_PASSWORD_TEMPLATE).toBe('{{ index . "admin-password" | bcrypt }}');
  });

  test('a hash that differs each render is written on change only, never on a timer', () => {
    const spec = argocdAdmin()!.spec as Obj;
    expect([spec.refreshPolicy, spec.refreshInterval]).toEqual(['OnChange', undefined]);
    // Template mergePolicy Replace (the default): the Secret gets the template's key only.
    expect(spec.target.template.mergePolicy).toBeUndefined();
  });

  test('a build renders none of it: ArgoCD keeps its initial admin secret', () => {
    const build = JSON.stringify(renderTiers('ephemeral', 1.5));
    expect(build).not.toContain('argocd-secret');
    expect(build).not.toContain('argocd/admin');
    expect(JSON.stringify(renderTiers('persistent', 3))).toContain('argocd-secret');
  });
});
