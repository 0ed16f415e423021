import { type CatalogueEntry, secretsNeededBy } from '../../../lib/model/catalogue';
import { PLATFORM_CATALOGUE } from '../../../tiers/catalogue';

const entry = (secrets: string[], deliversSecrets?: string[]): CatalogueEntry => ({
  ...PLATFORM_CATALOGUE.apps[0],
  secrets,
  deliversSecrets,
});

describe('secretsNeededBy', () => {
  test('an app needs what its namespace receives and what it delivers elsewhere, in that order', () => {
    expect(secretsNeededBy(entry(['a/one', 'b/two'], ['c/three']))).toEqual(['a/one', 'b/two', 'c/three']);
  });

  test('an app that delivers nothing needs exactly its own secrets', () => {
    expect(secretsNeededBy(entry(['a/one']))).toEqual(['a/one']);
    expect(secretsNeededBy(entry([]))).toEqual([]);
  });

  test("ArgoCD's break-glass password is needed by the realm's app without reaching its namespace", () => {
    const oidc = PLATFORM_CATALOGUE.apps.find((a) => a.deliversSecrets?.includes('argocd/admin'));
    expect(oidc?.secrets).not.toContain('argocd/admin');
    expect(oidc && secretsNeededBy(oidc)).toContain('argocd/admin');
  });
});
