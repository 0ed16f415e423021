import { ApiObject } from 'cdk8s';
import type { Tier } from '../../lib/model/tier';
import type { Construct } from 'constructs';
import { TIER_LABEL } from '../application';
import { CLUSTER_SECRET_STORE, type TierContext, kubernetesSecretName } from '../context';
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderAwsService,
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
} from '../crds/imports/external-secrets.io';
import { ALL_LIFECYCLES } from '../definition';
import { tier1App } from './tier';

/** One ExternalSecret: Foundation secret `secretId` as a Kubernetes Secret in `namespace`. */
interface SecretCopy {
  readonly secretId: string;
  readonly namespace: string;
  readonly tier: Tier;
}

/**
 * The ClusterSecretStore `aws-secretsmanager` in the environment's region, and one ExternalSecret
 * per Foundation secret a selected app reads (tier 1, wave 11). The ExternalSecrets live here,
 * ahead of their apps, so a tier's PreSync check can find them Ready before the app syncs.
 *
 * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
 */
function secretStoreObjects(scope: Construct, context: TierContext): void {
  new ClusterSecretStore(scope, 'ClusterSecretStore', {
    metadata: { name: CLUSTER_SECRET_STORE },
    spec: {
      provider: {
        aws: {
          service: ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER,
          region: context.bootstrap.region,
        },
      },
    },
  });
  const consumers = context.selected.filter((e) => e.secrets.length > 0);
  for (const name of new Set(consumers.map((e) => e.namespace))) {
    new ApiObject(scope, `Namespace-${name}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  // Two apps can read one secret (keycloak/admin): one ExternalSecret per namespace and name.
  const copies = new Map<string, SecretCopy>();
  for (const e of consumers) {
    for (const secretId of e.secrets) {
      copies.set(`${e.namespace}/${kubernetesSecretName(secretId)}`, {
        secretId,
        namespace: e.namespace,
        tier: e.tier,
      });
    }
  }
  for (const [key, copy] of copies) {
    const name = kubernetesSecretName(copy.secretId);
    new ExternalSecret(scope, `ExternalSecret-${key}`, {
      metadata: { name, namespace: copy.namespace, labels: { [TIER_LABEL]: String(copy.tier) } },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: {
          kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
          name: CLUSTER_SECRET_STORE,
        },
        target: { name, creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
        dataFrom: [{ extract: { key: context.secretNames[copy.secretId] } }],
      },
    });
  }
}

/** The ClusterSecretStore and the selected apps' ExternalSecrets (tier 1, wave 11). */
export const clusterSecretStore = tier1App({
  name: 'cluster-secret-store',
  wave: 11,
  namespace: 'external-secrets',
  chart: 'raw',
  needs: ['iam'],
  secrets: [],
  lifecycles: ALL_LIFECYCLES,
  summary: 'ClusterSecretStore `aws-secretsmanager` and every selected app’s ExternalSecrets',
  objects: secretStoreObjects,
});
