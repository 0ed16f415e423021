import type { BuildId } from './build-id';
import type { EnvironmentName } from './config';

/** Hard limits of the AWS names this app makes (DESIGN §6). */
export const NAME_LIMITS = {
  stack: 128,
  eksCluster: 100,
  iamRole: 64,
  dnsLabel: 63,
} as const;

export type NameKind = keyof typeof NAME_LIMITS;

/** Which deployment a name belongs to: the Foundation, the persistent cluster, or one build. */
export type Deployment =
  | { readonly env: EnvironmentName; readonly kind: 'foundation' }
  | { readonly env: EnvironmentName; readonly kind: 'persistent' }
  | { readonly env: EnvironmentName; readonly kind: 'ephemeral'; readonly buildId: BuildId };

/** A deployment of the cluster plane: the environment's persistent cluster or one build's. */
export type ClusterDeployment = Extract<Deployment, { readonly kind: 'persistent' | 'ephemeral' }>;

/**
 * The GitHub OIDC deploy role of an environment, `goldenpath-<env>-ci-deploy` (the Foundation's
 * `GithubDeployRoles` makes it; clusters grant it an access entry by name, not by import).
 */
export function ciDeployRoleName(env: EnvironmentName): string {
  return `goldenpath-${env}-ci-deploy`;
}

/** `goldenpath-<env>-foundation`, `goldenpath-<env>-persistent` or `goldenpath-<env>-b-<buildId>`. */
export function deploymentPrefix(d: Deployment): string {
  switch (d.kind) {
    case 'foundation':
      return `goldenpath-${d.env}-foundation`;
    case 'persistent':
      return `goldenpath-${d.env}-persistent`;
    case 'ephemeral':
      return `goldenpath-${d.env}-b-${d.buildId}`;
  }
}

/** The CloudFormation stack name of a deployment. */
export function stackName(d: Deployment): string {
  return physicalName(d, 'stack');
}

/**
 * The one helper for physical names: `<deployment prefix>[-<suffix>]`, checked against the limit
 * of its kind. Build ids are at most 20 characters and env names at most 7, so the longest prefix
 * (`goldenpath-staging-b-` + 20 = 41) leaves room for a suffix in every kind; a name that would
 * still exceed its limit is a bug in the caller and throws rather than being silently truncated
 * (a truncated name can collide with another build's).
 */
export function physicalName(d: Deployment, kind: NameKind, suffix?: string): string {
  const name = suffix ? `${deploymentPrefix(d)}-${suffix}` : deploymentPrefix(d);
  if (name.length > NAME_LIMITS[kind]) {
    throw new Error(
      `Name "${name}" is ${name.length} characters; the ${kind} limit is ${NAME_LIMITS[kind]}. Use a shorter suffix.`,
    );
  }
  if (kind === 'dnsLabel' && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) {
    throw new Error(`Name "${name}" is not a valid DNS label`);
  }
  return name;
}

/**
 * The EKS cluster name of a cluster deployment: `goldenpath-<env>-persistent` or
 * `goldenpath-<env>-b-<buildId>`. The load balancer controller and the in-tree cloud provider tag
 * what they create with it, so the teardown sweeper finds a build's leftovers by it.
 */
export function clusterName(d: ClusterDeployment): string {
  return physicalName(d, 'eksCluster');
}
