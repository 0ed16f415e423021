import { clusterSecretStore } from '../../../tiers/tier1/cluster-secret-store';
import {
  BUILD_ID,
  type Obj,
  expectApplicationOf,
  helmValues,
  renderTiers,
  renderedApplication,
} from '../fixture';

describe('cluster-secret-store', () => {
  const resources = () =>
    helmValues(renderedApplication('ephemeral', 1.5, 'cluster-secret-store')).resources as Obj[];

  test(`rendered for build ${BUILD_ID}, maxTier 1.5`, () => {
    expect(renderTiers('ephemeral', 1.5).apps['cluster-secret-store']).toMatchSnapshot();
  });

  test('tier 1, wave 11, raw chart', () => {
    expectApplicationOf(renderedApplication('ephemeral', 1.5, 'cluster-secret-store'), clusterSecretStore);
  });

  test('the store reads Secrets Manager in the environment’s region', () => {
    expect(resources()[0]).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'aws-secretsmanager' },
      spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-west-2' } } },
    });
  });

  test('the ExternalSecrets of the selected apps read goldenpath/<env>/<id> through aws-secretsmanager', () => {
    // Tier 2 reads the first secrets; it runs on the persistent cluster only.
    const persistent = helmValues(renderedApplication('persistent', 2, 'cluster-secret-store'))
      .resources as Obj[];
    expect(
      persistent
        .filter((r) => r.kind === 'ExternalSecret')
        .map((r) => [
          r.metadata.namespace,
          r.metadata.name,
          r.spec.secretStoreRef.name,
          r.spec.dataFrom[0].extract.key,
        ]),
    ).toEqual([
      ['backstage', 'backstage-postgres', 'aws-secretsmanager', 'goldenpath/dev/backstage/postgres'],
      ['backstage', 'backstage-secrets', 'aws-secretsmanager', 'goldenpath/dev/backstage/secrets'],
      ['grafana', 'grafana-admin', 'aws-secretsmanager', 'goldenpath/dev/grafana/admin'],
      ['grafana', 'grafana-postgres', 'aws-secretsmanager', 'goldenpath/dev/grafana/postgres'],
    ]);
  });

  test('one ExternalSecret per namespace and secret, though two keycloak apps read keycloak/admin', () => {
    const persistent = helmValues(renderedApplication('persistent', 3, 'cluster-secret-store'))
      .resources as Obj[];
    expect(persistent.filter((r) => r.metadata.namespace === 'keycloak').map((r) => r.metadata.name)).toEqual(
      [
        'keycloak-admin',
        'keycloak-postgres',
        'oidc-argocd',
        'oidc-backstage',
        'oidc-grafana',
        'oidc-goldenpath-acceptance',
        'oidc-acceptance-user',
      ],
    );
  });
});
