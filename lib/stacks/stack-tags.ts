import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Deployment } from '../model/naming';
import { deploymentTags } from '../model/tags';

/**
 * Applies `deploymentTags` to every taggable resource under `scope`. Kept apart from
 * `lib/model/tags.ts` so that Lambda handlers importing the tag keys do not bundle aws-cdk-lib.
 */
export function applyDeploymentTags(
  scope: IConstruct,
  d: Deployment,
  owner: string,
  ttlHours?: number,
): void {
  applyTags(scope, deploymentTags(d, owner, ttlHours));
}

/** Applies `tags` to every taggable resource under `scope`. */
export function applyTags(scope: IConstruct, tags: { readonly [key: string]: string }): void {
  for (const [key, value] of Object.entries(tags)) Tags.of(scope).add(key, value);
}
