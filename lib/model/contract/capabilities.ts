import type { EnvironmentConfig } from '../config';

/** What the Foundation can provide; tiers declare which of these they need (DESIGN §3). */
export const FOUNDATION_CAPABILITIES = ['vpc', 'zone', 'iam', 'appSecrets', 'logBucket', 'database'] as const;
export type FoundationCapability = (typeof FOUNDATION_CAPABILITIES)[number];
export type FoundationCapabilities = { readonly [C in FoundationCapability]: boolean };

/** What the Foundation of `config` provides; known at synth time from config alone. */
export function foundationCapabilities(config: EnvironmentConfig): FoundationCapabilities {
  return {
    vpc: true,
    zone: true,
    iam: true,
    appSecrets: true,
    logBucket: true,
    database: config.database !== undefined,
  };
}
