import { argoCdValues } from '../../constructs/cluster/argocd';
import { HIGHEST_MAX_TIER, type Lifecycle, type Tier } from '../../lib/model/tier';
import { renderTiers, tierInput } from './fixture';
import { literalSecrets } from './secret-scan';

describe('no secret value in any manifest or values', () => {
  test.each<[Lifecycle, Tier]>([
    ['persistent', 3],
    ['ephemeral', 1.5],
    ['persistent', 2],
  ])(
    '%s at maxTier %s: every Application, hook and guard, and ArgoCD’s install values',
    (lifecycle, maxTier) => {
      const { manifests, apps, hooks } = renderTiers(lifecycle, maxTier);
      const { hostSuffix } = tierInput(lifecycle, maxTier).bootstrap;
      expect(literalSecrets({ manifests, apps, hooks })).toEqual([]);
      expect(
        literalSecrets(argoCdValues(hostSuffix, 'letsencrypt-prod', lifecycle === 'persistent')),
      ).toEqual([]);
    },
  );

  test('the scan finds a literal in fields, in embedded YAML, JSON and INI, in Secrets and credentials', () => {
    expect(
      literalSecrets({
        cm: { 'oidc.config': 'name: K\nclientID: argocd\nclientSecret: s3cr3t\n' },
        realm: { 'goldenpath.json': '{"clients":[{"clientId":"a","secret":"abc123"}]}' },
        ini: '[auth.generic_oauth]\nclient_secret = xyz\n',
        grafana: { auth: { client_secret: 'plain' } },
        user: { credentials: [{ type: 'password', value: 'hunter2', temporary: false }] },
        secret: { kind: 'Secret', data: { 'app.yaml': Buffer.from('password: p4ss').toString('base64') } },
      }),
    ).toEqual([
      '.cm.oidc.config: clientSecret = s3cr3t',
      '.realm.goldenpath.json: secret = abc123',
      '.ini: client_secret = xyz',
      '.grafana.auth.client_secret: client_secret = plain',
      '.user.credentials[0].value: password = hunter2',
      '.secret.data.app.yaml: password = p4ss',
    ]);
  });

  test('references are not findings', () => {
    expect(
      literalSecrets({
        cm: { 'oidc.config': 'clientSecret: $oidc-argocd:client-secret\n' },
        realm: '{"secret": "$(env:OIDC_ARGOCD_SECRET)"}',
        backstage: { clientSecret: '${AUTH_OIDC_CLIENT_SECRET}', session: { secret: '${token}' } },
        grafana: { password: '$__env{DB_PASSWORD}' },
        env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'oidc-grafana', key: 'client-secret' } } }],
      }),
    ).toEqual([]);
  });

  test('the highest maxTier of each lifecycle is the one scanned above', () => {
    expect(HIGHEST_MAX_TIER).toEqual({ persistent: 3, ephemeral: 1.5 });
  });
});
