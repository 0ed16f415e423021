import { type Catalogue, secretsNeededBy } from './catalogue';
import { UserInputError } from './errors';
import type { EnvironmentConfig } from './config';
import {
  CONTRACT_VERSION_KEY,
  type FoundationCapability,
  contractKeys,
  foundationCapabilities,
} from './contract';
import { contractParameterName } from './naming';
import { type PlatformSecret, platformSecrets } from './secrets';
import { HIGHEST_MAX_TIER, type Lifecycle, TIERS, type Tier } from './tier';

/**
 * The one list of preflight checks (DESIGN §8). Each check says from which tier it is needed,
 * what it checks and what to do when it fails, and how each of the three layers evaluates it:
 *
 * - `synth`: the Foundation capability it rests on (checked against the Foundation's config);
 * - `deploy`: the AWS probe `npm run preflight` runs against the live account;
 * - `cluster`: the in-cluster probe the tier's ArgoCD PreSync Job runs.
 *
 * A layer that has nothing to evaluate for a check leaves its field out.
 */
export interface PreflightCheck {
  /** Stable id, printed by every layer: `contract-parameters`, `secret:backstage/postgres`. */
  readonly id: string;
  /** The lowest tier that needs it; a cluster runs it when its maxTier is at least this. */
  readonly tier: Tier;
  /** What is checked, as a sentence fragment: `hosted zone dev.goldenpathidp.io exists`. */
  readonly description: string;
  /** What to do when it fails, with the exact command where there is one. */
  readonly remedy: string;
  /** @default - nothing to check at synth time */
  readonly synth?: FoundationCapability;
  /** @default - nothing to check against AWS */
  readonly deploy?: DeployProbe;
  /** @default - nothing to check in the cluster */
  readonly cluster?: ClusterProbe;
}

/** What `npm run preflight` asks AWS. */
export type DeployProbe =
  /** Every key of `keys` (`contractKeys`) is an SSM parameter under `contractParameterName`. */
  | { readonly kind: 'contractParameters'; readonly keys: readonly string[] }
  /** The `CONTRACT_VERSION_KEY` parameter equals `CONTRACT_VERSION`. */
  | { readonly kind: 'contractVersion' }
  /** The zone in contract `zone/id` exists and is named `zoneName` (and `zone/name` says so too). */
  | { readonly kind: 'hostedZone'; readonly zoneName: string }
  /** The RDS instance behind contract `database/endpoint` is `available`. */
  | { readonly kind: 'databaseAvailable' }
  /** The bucket in contract `log-bucket/name` exists. */
  | { readonly kind: 'logBucket' }
  /** The secret exists, has an AWSCURRENT version, carries `keys` and no placeholder value. */
  | { readonly kind: 'secret'; readonly secret: PlatformSecret };

/** What a tier's PreSync Job checks inside the cluster. */
export type ClusterProbe =
  /** Every node reports `Ready`. */
  | { readonly kind: 'nodesReady' }
  /** A StorageClass is annotated `storageclass.kubernetes.io/is-default-class: "true"`. */
  | { readonly kind: 'defaultStorageClass' }
  /** A TCP connection to the platform database's endpoint and port succeeds. */
  | { readonly kind: 'databaseReachable' }
  /** The ExternalSecret that syncs `secretName` for `app` is `Ready`, so its Kubernetes Secret exists. */
  | { readonly kind: 'externalSecretReady'; readonly app: string; readonly secretName: string };

/** The lowest tier whose needs (`catalogue.tierNeeds`) include `capability`. */
export function firstTierNeeding(capability: FoundationCapability, catalogue: Catalogue): Tier {
  const tier = TIERS.find((t) => catalogue.tierNeeds[`${t}`].includes(capability));
  if (tier === undefined) {
    throw new UserInputError('Invalid tier capabilities', [
      `tier catalogue: no tier needs the Foundation capability "${capability}"; every capability a check rests on must be needed by a tier or one of its apps`,
    ]);
  }
  return tier;
}

/**
 * From which tier a Foundation secret is needed: the lowest tier of a `catalogue` app that reads
 * or delivers it (backstage's are tier 2, keycloak's and ArgoCD's admin tier 3). A secret no
 * catalogue app reads yet (a database added in config) is needed from the first tier that needs
 * app secrets.
 */
export function secretTier(secretId: string, catalogue: Catalogue): Tier {
  const readers = catalogue.apps
    .filter((app) => secretsNeededBy(app).includes(secretId))
    .map((app) => app.tier);
  return readers.length > 0 ? (Math.min(...readers) as Tier) : firstTierNeeding('appSecrets', catalogue);
}

/**
 * Whether an app delivers the secret to another namespace itself and no app has it copied into
 * its own: it then has no ExternalSecret before its tier syncs, so no PreSync Job can find one
 * Ready (its tier's acceptance checks what the app made, as tier 3 does for ArgoCD's admin).
 */
function deliveredOnly(secretId: string, catalogue: Catalogue): boolean {
  return (
    catalogue.apps.some((app) => app.deliversSecrets?.includes(secretId)) &&
    !catalogue.apps.some((app) => app.secrets.includes(secretId))
  );
}

/**
 * Every check of an environment, for every tier, in the order they are reported; the tier of a
 * secret's check comes from the apps of `catalogue` that read it.
 */
export function allChecks(config: EnvironmentConfig, catalogue: Catalogue): PreflightCheck[] {
  const deployFoundation = `deploy the Foundation first: npx cdk deploy Foundation -c env=${config.name}`;
  const zoneName = `${config.name}.${config.baseDomain}`;
  const firstTier = (capability: FoundationCapability) => firstTierNeeding(capability, catalogue);
  const checks: PreflightCheck[] = [
    {
      id: 'contract-parameters',
      tier: firstTier('vpc'),
      description: `Foundation contract parameters ${contractParameterName(config.name, '*')} are published`,
      remedy: deployFoundation,
      synth: 'vpc',
      deploy: { kind: 'contractParameters', keys: contractKeys(config, catalogue) },
    },
    {
      id: 'contract-version',
      tier: firstTier('vpc'),
      description: `Foundation contract ${contractParameterName(config.name, CONTRACT_VERSION_KEY)} is the version this app reads`,
      remedy: `update the Foundation to this version of the app: npx cdk deploy Foundation -c env=${config.name}`,
      deploy: { kind: 'contractVersion' },
    },
    {
      id: 'hosted-zone',
      tier: firstTier('zone'),
      description: `hosted zone ${zoneName} exists`,
      remedy: deployFoundation,
      synth: 'zone',
      deploy: { kind: 'hostedZone', zoneName },
    },
    {
      id: 'nodes-ready',
      // Runs in the PreSync Job of tier 1, the first tier ArgoCD deploys.
      tier: 1,
      description: 'every node is Ready',
      remedy: 'check the node group: kubectl get nodes; kubectl describe node <name>',
      cluster: { kind: 'nodesReady' },
    },
    {
      id: 'default-storage-class',
      tier: 1.5,
      description: 'a default StorageClass exists',
      remedy: 'the cluster stack creates the gp3 default StorageClass: redeploy the cluster stack',
      cluster: { kind: 'defaultStorageClass' },
    },
    {
      id: 'database-available',
      tier: firstTier('database'),
      description: 'platform database is available',
      remedy: config.database
        ? `wait for the RDS instance to become available (aws rds describe-db-instances), or deploy the Foundation: npx cdk deploy Foundation -c env=${config.name}`
        : `configure "database" for ${config.name} in config/environments.json, then: npx cdk deploy Foundation -c env=${config.name}`,
      synth: 'database',
      deploy: { kind: 'databaseAvailable' },
      cluster: { kind: 'databaseReachable' },
    },
    {
      id: 'log-bucket',
      tier: firstTier('logBucket'),
      description: 'log bucket exists',
      remedy: deployFoundation,
      synth: 'logBucket',
      deploy: { kind: 'logBucket' },
    },
  ];
  for (const secret of platformSecrets(config, catalogue)) {
    checks.push({
      id: `secret:${secret.id}`,
      tier: secretTier(secret.id, catalogue),
      description: `secret ${secret.name} has a current value with keys ${secret.keys.join(', ')}`,
      remedy:
        secret.source === 'generated'
          ? `deploy the Foundation, which generates it: npx cdk deploy Foundation -c env=${config.name}`
          : `deploy the Foundation, whose database provisioner writes it: npx cdk deploy Foundation -c env=${config.name}`,
      synth: secret.source === 'database' ? 'database' : 'appSecrets',
      deploy: { kind: 'secret', secret },
      ...(!deliveredOnly(secret.id, catalogue) && {
        cluster: { kind: 'externalSecretReady', app: secret.app, secretName: secret.name },
      }),
    });
  }
  return checks;
}

/**
 * The checks a cluster of `lifecycle` with `maxTier` needs, in report order: those of every tier
 * up to `maxTier` that the lifecycle can run at all (tier 3 never runs on an ephemeral cluster).
 */
export function checksFor(
  config: EnvironmentConfig,
  maxTier: Tier,
  lifecycle: Lifecycle,
  catalogue: Catalogue,
): PreflightCheck[] {
  const highest = Math.min(maxTier, HIGHEST_MAX_TIER[lifecycle]);
  return allChecks(config, catalogue).filter((c) => c.tier <= highest);
}

/** The checks of one tier exactly (an in-cluster PreSync Job runs these). */
export function checksOfTier(config: EnvironmentConfig, tier: Tier, catalogue: Catalogue): PreflightCheck[] {
  return allChecks(config, catalogue).filter((c) => c.tier === tier);
}

/**
 * The synth-time layer: every check whose Foundation capability `config` does not provide,
 * as `<id> (tier <t>): needs Foundation capability <capability>` lines.
 */
export function synthCheckFailures(config: EnvironmentConfig, checks: readonly PreflightCheck[]): string[] {
  const provided = foundationCapabilities(config);
  return checks
    .filter((c) => c.synth !== undefined && !provided[c.synth])
    .map(
      (c) =>
        `${c.id} (tier ${c.tier}): needs Foundation capability ${c.synth}, which environment ${config.name} does not provide; ${c.remedy}`,
    );
}
