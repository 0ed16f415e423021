import { secretsNeededBy } from '../../lib/model/catalogue';
import { platformSecrets } from '../../lib/model/secrets';
import { PLATFORM_CATALOGUE } from '../../tiers/catalogue';
import { ARGOCD_ADMIN, ARGOCD_ADMIN_PASSWORD_TEMPLATE } from '../../tiers/sso';
import { oidcConfig } from '../../tiers/tier3/oidc-config';
import { type Obj, helmValues, renderTiers, renderedApplication, tierConfig } from './fixture';

/** The break-glass ExternalSecret `argocd/argocd-admin` among the objects of `oidc-config`. */
function argocdAdmin(): Obj | undefined {
  const resources = helmValues(renderedApplication('persistent', 3, 'oidc-config')).resources as Obj[];
  return resources.find(
    (o) =>
      o.kind === 'ExternalSecret' && o.metadata.namespace === 'argocd' && o.metadata.name === 'argocd-admin',
  );
}

/** Kinds with no namespace: what they hold is readable beyond any one namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterSecretStore',
  'ClusterIssuer',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

/** What the walk reads of an object; anything else is walked as data. */
interface KubernetesObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly destination?: { readonly namespace?: string } };
}

/** ArgoCD's admin password by any of its names: `goldenpath/<env>/argocd/admin`, `argocd/admin`, `argocd-admin`. */
const MENTIONS_IT = /argocd[-/]admin/;

/**
 * Every string of `objects` (and the objects nested in them: an Application's values, the raw
 * chart's resources) that names ArgoCD's admin password, as `<namespace> <Kind>/<name> <path>`.
 * The namespace is where the string ends up in the cluster: an object's own, or for what an
 * Application carries, its destination's (the raw chart puts un-namespaced resources there).
 */
function mentions(objects: readonly unknown[]): string[] {
  const found: string[] = [];
  const walk = (node: unknown, namespace: string, where: string, path: string): void => {
    if (typeof node === 'string') {
      if (MENTIONS_IT.test(node)) found.push(`${namespace} ${where} ${path}`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const o = node as KubernetesObject;
    if (typeof o.kind === 'string' && typeof o.apiVersion === 'string') {
      const own = CLUSTER_SCOPED.has(o.kind) ? '<cluster>' : (o.metadata?.namespace ?? namespace);
      const name = `${o.kind}/${o.metadata?.name}`;
      for (const [k, v] of Object.entries(o)) {
        // What an Application deploys lands in its destination namespace, not in argocd.
        const inner =
          o.kind === 'Application' && k === 'spec' ? (o.spec?.destination?.namespace ?? own) : own;
        walk(v, inner, name, k);
      }
      return;
    }
    for (const [k, v] of Object.entries(o)) walk(v, namespace, where, `${path}.${k}`);
  };
  objects.forEach((o) => walk(o, '<none>', '', ''));
  return found;
}

describe('ArgoCD’s break-glass admin where single sign-on is on', () => {
  test('the Foundation generates goldenpath/<env>/argocd/admin, declared by the SSO app', () => {
    expect(ARGOCD_ADMIN).toEqual({ id: 'argocd/admin', key: 'admin-password' });
    expect(oidcConfig.generatedSecrets).toContainEqual(ARGOCD_ADMIN);
    expect(platformSecrets(tierConfig(), PLATFORM_CATALOGUE)).toContainEqual({
      id: 'argocd/admin',
      app: 'oidc-config',
      name: 'goldenpath/dev/argocd/admin',
      keys: ['admin-password'],
      source: 'generated',
    });
  });

  test('oidc-config delivers it to argocd itself; its own namespace (keycloak) gets no copy', () => {
    expect(oidcConfig.namespace).toBe('keycloak');
    expect(oidcConfig.secrets).not.toContain('argocd/admin');
    expect(oidcConfig.deliversSecrets).toEqual(['argocd/admin']);
    // Gating and preflight still require it from the Foundation.
    expect(secretsNeededBy(oidcConfig)).toContain('argocd/admin');
  });

  test('of everything the persistent cluster applies, only objects in argocd name it', () => {
    const found = mentions(renderTiers('persistent', 3).manifests);
    expect(found.filter((m) => !m.startsWith('argocd '))).toEqual([]);
    expect(found).toEqual([
      'argocd ExternalSecret/argocd-admin metadata.name',
      'argocd ExternalSecret/argocd-admin spec.dataFrom.0.extract.key',
      'argocd Job/tier-3-acceptance spec.template.spec.containers.0.command.2',
    ]);
  });

  test('the walk finds a copy in another namespace (what cluster-secret-store made before)', () => {
    const copy = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'cluster-secret-store', namespace: 'argocd' },
      spec: {
        destination: { namespace: 'external-secrets' },
        source: {
          helm: {
            valuesObject: {
              resources: [
                {
                  apiVersion: 'external-secrets.io/v1',
                  kind: 'ExternalSecret',
                  metadata: { name: 'argocd-admin', namespace: 'keycloak' },
                  spec: { dataFrom: [{ extract: { key: 'goldenpath/dev/argocd/admin' } }] },
                },
                { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'argocd/admin' } },
              ],
            },
          },
        },
      },
    };
    expect(mentions([copy])).toEqual([
      'keycloak ExternalSecret/argocd-admin metadata.name',
      'keycloak ExternalSecret/argocd-admin spec.dataFrom.0.extract.key',
      'external-secrets ConfigMap/x data.a',
    ]);
  });

  test('keycloak-config-cli’s Job gets no part of it', () => {
    const resources = helmValues(renderedApplication('persistent', 3, 'oidc-config')).resources as Obj[];
    const job = resources.find((o) => o.kind === 'Job')!;
    expect(job.metadata.namespace).toBe('keycloak');
    const pod = job.spec.template.spec as Obj;
    expect(
      (pod.containers[0].env as Obj[]).map((e) => e.valueFrom?.secretKeyRef?.name).filter(Boolean),
    ).toEqual([
      'keycloak-admin',
      'oidc-argocd',
      'oidc-backstage',
      'oidc-grafana',
      'oidc-goldenpath-acceptance',
      'oidc-acceptance-user',
    ]);
    expect(JSON.stringify(pod)).not.toMatch(MENTIONS_IT);
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

  test('the store it reads through serves every namespace (no conditions), argocd included', () => {
    const store = (
      helmValues(renderedApplication('persistent', 3, 'cluster-secret-store')).resources as Obj[]
    ).find((o) => o.kind === 'ClusterSecretStore')!;
    expect(store.metadata.name).toBe(argocdAdmin()!.spec.secretStoreRef.name);
    expect(store.spec.conditions).toBeUndefined();
  });

  test('tier 3’s acceptance, in argocd, requires that ExternalSecret Ready', () => {
    const job = renderTiers('persistent', 3).hooks.find(
      (o: Obj) => o.kind === 'Job' && o.metadata.name === 'tier-3-acceptance',
    ) as Obj;
    expect(job.metadata.namespace).toBe('argocd');
    expect(job.spec.template.spec.containers[0].command[2]).toContain(
      'kubectl wait --for=condition=Ready externalsecret/argocd-admin -n argocd --timeout=60s',
    );
    const preflight = renderTiers('persistent', 3).hooks.find(
      (o: Obj) => o.kind === 'Job' && o.metadata.name === 'tier-3-preflight',
    ) as Obj;
    expect(JSON.stringify(preflight)).not.toMatch(MENTIONS_IT);
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
    expect(build).not.toMatch(MENTIONS_IT);
    expect(JSON.stringify(renderTiers('persistent', 3))).toContain('argocd-secret');
  });
});
