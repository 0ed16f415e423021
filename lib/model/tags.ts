import type { Deployment } from './naming';

export const PROJECT_TAG = 'goldenpath-idp';

/** Tag keys the reaper and the sweeper rely on; change them only with both. */
export const TAG_KEYS = {
  environment: 'Environment',
  project: 'Project',
  managedBy: 'ManagedBy',
  owner: 'Owner',
  lifecycle: 'Lifecycle',
  buildId: 'BuildId',
  ttlHours: 'TtlHours',
} as const;

/** The tags DESIGN §6 puts on everything of a deployment. */
export function deploymentTags(d: Deployment, owner: string, ttlHours?: number): Record<string, string> {
  const tags: Record<string, string> = {
    [TAG_KEYS.environment]: d.env,
    [TAG_KEYS.project]: PROJECT_TAG,
    [TAG_KEYS.managedBy]: 'cdk',
    [TAG_KEYS.owner]: owner,
    [TAG_KEYS.lifecycle]: d.kind,
  };
  if (d.kind === 'ephemeral') {
    tags[TAG_KEYS.buildId] = d.buildId;
    if (ttlHours !== undefined) tags[TAG_KEYS.ttlHours] = String(ttlHours);
  }
  return tags;
}
