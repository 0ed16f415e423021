import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PlatformApplication, TIER_LABEL } from '../application';
import { type AppChartProps, CLUSTER_SECRET_STORE, kubernetesSecretName } from '../context';

/**
 * The ClusterSecretStore `aws-secretsmanager` in the environment's region, and one ExternalSecret
 * per Foundation secret a selected app reads (tier 1, wave 11). The ExternalSecrets live here,
 * ahead of their apps, so a tier's PreSync check can find them Ready before the app syncs.
 *
 * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
 */
export class ClusterSecretStoreChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { context } = props;
    const store = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: CLUSTER_SECRET_STORE },
      spec: { provider: { aws: { service: 'SecretsManager', region: context.bootstrap.region } } },
    };
    const consumers = context.selected.filter((e) => e.secrets.length > 0);
    const namespaces = [...new Set(consumers.map((e) => e.namespace))].map((name) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    }));
    const externalSecrets = consumers.flatMap((e) =>
      e.secrets.map((secretId) => ({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: {
          name: kubernetesSecretName(secretId),
          namespace: e.namespace,
          labels: { [TIER_LABEL]: String(e.tier) },
        },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'ClusterSecretStore', name: CLUSTER_SECRET_STORE },
          target: { name: kubernetesSecretName(secretId), creationPolicy: 'Owner' },
          dataFrom: [{ extract: { key: context.secretNames[secretId] } }],
        },
      })),
    );
    // Two apps can read one secret (keycloak/admin): one ExternalSecret per namespace and name.
    const unique = [
      ...new Map(externalSecrets.map((x) => [`${x.metadata.namespace}/${x.metadata.name}`, x])).values(),
    ];
    new PlatformApplication(this, 'Application', {
      ...props,
      values: { resources: [store, ...namespaces, ...unique] },
    });
  }
}
