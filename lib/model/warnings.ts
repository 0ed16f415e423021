import { Annotations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { EnvironmentConfig } from './config';

/**
 * Settings that are legal but risky (STYLE: "Legal but risky settings get a warning with a
 * stable id"). `cdk synth` prints them; `cdk synth --strict` fails on them; a deliberate choice
 * is acknowledged with `Annotations.of(scope).acknowledgeWarning(id, why)`.
 */
export const WARNING_IDS = {
  singleAzDatabase: 'goldenpath:single-az-database',
  singleNatGateway: 'goldenpath:single-nat-gateway',
  publicClusterEndpoint: 'goldenpath:public-cluster-endpoint',
} as const;

export type WarningId = (typeof WARNING_IDS)[keyof typeof WARNING_IDS];

export interface Warning {
  readonly id: WarningId;
  readonly message: string;
}

/** The environments whose outage hurts users: they get warnings dev and test do not. */
const PRODUCTION: readonly string[] = ['prod'];

/** The database's risky settings: a single-AZ instance in prod. */
export function databaseWarnings(config: Pick<EnvironmentConfig, 'name' | 'database'>): Warning[] {
  return PRODUCTION.includes(config.name) && config.database && !config.database.multiAz
    ? [
        {
          id: WARNING_IDS.singleAzDatabase,
          message: `${config.name}: database.multiAz is false, so one AZ outage stops the platform database (recovery is a restore from backup); set database.multiAz to true`,
        },
      ]
    : [];
}

/** The network's risky settings: one NAT gateway in prod (every private subnet's egress in one AZ). */
export function networkWarnings(
  config: Pick<EnvironmentConfig, 'name' | 'natGateways' | 'availabilityZones'>,
): Warning[] {
  return PRODUCTION.includes(config.name) && config.natGateways === 1 && config.availabilityZones.length > 1
    ? [
        {
          id: WARNING_IDS.singleNatGateway,
          message: `${config.name}: natGateways is 1, so an outage of its AZ cuts the egress of every private subnet; set natGateways to ${config.availabilityZones.length} (one per AZ)`,
        },
      ]
    : [];
}

/** A cluster API endpoint reachable from the internet, however narrow its CIDRs. */
export function clusterEndpointWarnings(publicEndpointCidrs: readonly string[]): Warning[] {
  return publicEndpointCidrs.length > 0
    ? [
        {
          id: WARNING_IDS.publicClusterEndpoint,
          message: `the cluster API endpoint is public (from ${publicEndpointCidrs.join(', ')}); keep the list to the networks that need it, or set cluster.publicEndpointCidrs to [] for a private endpoint`,
        },
      ]
    : [];
}

/** Adds each warning to `scope` (CDK annotations, shown by `cdk synth` with the construct path). */
export function addWarnings(scope: IConstruct, warnings: readonly Warning[]): void {
  for (const w of warnings) Annotations.of(scope).addWarningV2(w.id, w.message);
}
