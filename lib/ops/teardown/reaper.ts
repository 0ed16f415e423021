import {
  type CloudFormationClient,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  type DescribeStacksCommandOutput,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import type { BuildId } from '../../model/build-id';
import type { EnvironmentName, ReaperMode } from '../../model/config';
import { buildStacks, stackName } from '../../model/naming';
import { TAG_KEYS } from '../../model/tags';
import { errorLine } from './retry';

export interface ReapOptions {
  readonly env: EnvironmentName;
  /** `delete` deletes expired builds; `report` only lists them. */
  readonly mode: ReaperMode;
  /** The time to judge expiry at (the Lambda passes the clock; tests pass a fixed time). */
  readonly now: Date;
  /**
   * How many deletes a build stack gets before a DELETE_FAILED is left for a person.
   * @default 3
   */
  readonly maxDeleteAttempts?: number;
}

export interface ReapReport {
  readonly mode: ReaperMode;
  /** `<stack> (expired <ISO time>)`: deleted in `delete` mode, listed in `report` mode. */
  readonly expired: readonly string[];
  /** Build stacks not yet expired. */
  readonly kept: readonly string[];
  /** `<stack>: <why>` for `goldenpath-<env>-b-*` stacks without valid ephemeral tags: never touched. */
  readonly skipped: readonly string[];
  /** Expired stacks whose delete was started (`delete` mode). */
  readonly deleted: readonly string[];
  /** `<stack>: <why>` for expired stacks that could not be deleted, or are DELETE_FAILED for good. */
  readonly failed: readonly string[];
  /** How far past its expiry the longest-expired build still standing is, in hours (0 if none). */
  readonly maxOverdueHours: number;
}

const GONE = ['DELETE_COMPLETE', 'DELETE_IN_PROGRESS'];

/**
 * Resource types whose cloud leftovers the sweeper (`npm run sweep`) removes: Kubernetes objects
 * and the sweep itself. When one of them fails to delete, the retry keeps it (retains it) so the
 * stack can go; nothing else is ever retained.
 */
export const SWEEPER_OWNED_TYPES = [
  'Custom::BuildSweeper',
  'Custom::BuildUninstall',
  'Custom::AWSCDK-EKS-KubernetesResource',
  'Custom::AWSCDK-EKS-HelmChart',
];

/** When a build stack expires: its creation time plus its `TtlHours` tag, if its tags make it an ephemeral build. */
export function expiryOf(stack: Stack, env: EnvironmentName): { expires: Date } | { skip: string } {
  const tags = new Map((stack.Tags ?? []).map((t) => [t.Key, t.Value]));
  const buildId = tags.get(TAG_KEYS.buildId);
  const ttl = Number(tags.get(TAG_KEYS.ttlHours));
  if (tags.get(TAG_KEYS.lifecycle) !== 'ephemeral')
    return { skip: `tag ${TAG_KEYS.lifecycle} is not ephemeral` };
  if (tags.get(TAG_KEYS.environment) !== env) return { skip: `tag ${TAG_KEYS.environment} is not ${env}` };
  if (!buildId || stackName({ env, kind: 'ephemeral', buildId: buildId as BuildId }) !== stack.StackName) {
    return { skip: `tag ${TAG_KEYS.buildId} does not name this stack` };
  }
  if (!Number.isInteger(ttl) || ttl < 1)
    return { skip: `tag ${TAG_KEYS.ttlHours} is not a whole number of hours` };
  if (!stack.CreationTime) return { skip: 'no creation time' };
  return { expires: new Date(stack.CreationTime.getTime() + ttl * 3_600_000) };
}

/**
 * Finds the environment's build stacks (`goldenpath-<env>-b-*`) past creation time plus their
 * `TtlHours` tag and deletes them (or, in `report` mode, lists them). A stack without the
 * ephemeral tags (`Lifecycle=ephemeral`, a `BuildId` naming the stack, `TtlHours`) is never touched.
 *
 * One stack never stops the others: a refused delete (termination protection, a stack mid-update,
 * throttling) is recorded in `failed` and the run goes on. A stack in DELETE_FAILED is deleted
 * again with its failed sweeper-owned resources retained, at most `maxDeleteAttempts` times in all,
 * then reported in `failed` every run.
 */
export async function reap(cfn: CloudFormationClient, options: ReapOptions): Promise<ReapReport> {
  // The same pattern the reaper's IAM policy allows DeleteStack on (constructs/foundation/build-reaper.ts).
  const isBuildStack = buildStacks(options.env).matches;
  const expired: string[] = [];
  const kept: string[] = [];
  const skipped: string[] = [];
  const deleted: string[] = [];
  const failed: string[] = [];
  let maxOverdue = 0;
  let token: string | undefined;
  do {
    const page: DescribeStacksCommandOutput = await cfn.send(new DescribeStacksCommand({ NextToken: token }));
    for (const stack of page.Stacks ?? []) {
      const name = stack.StackName ?? '';
      if (!isBuildStack(name) || GONE.includes(stack.StackStatus ?? '')) continue;
      const expiry = expiryOf(stack, options.env);
      if ('skip' in expiry) {
        skipped.push(`${name}: ${expiry.skip}`);
      } else if (expiry.expires.getTime() <= options.now.getTime()) {
        expired.push(`${name} (expired ${expiry.expires.toISOString()})`);
        maxOverdue = Math.max(maxOverdue, (options.now.getTime() - expiry.expires.getTime()) / 3_600_000);
        if (options.mode !== 'delete') continue;
        try {
          const outcome = await deleteBuild(cfn, stack, options.maxDeleteAttempts ?? 3);
          if (outcome.deleted) deleted.push(outcome.deleted);
          else failed.push(`${name}: ${outcome.failed}`);
        } catch (err) {
          failed.push(`${name}: ${errorLine(err)}`);
        }
      } else {
        kept.push(name);
      }
    }
    token = page.NextToken;
  } while (token);
  return {
    mode: options.mode,
    expired: expired.sort(),
    kept: kept.sort(),
    skipped: skipped.sort(),
    deleted: deleted.sort(),
    failed: failed.sort(),
    maxOverdueHours: Math.round(maxOverdue * 100) / 100,
  };
}

async function deleteBuild(
  cfn: CloudFormationClient,
  stack: Stack,
  maxAttempts: number,
): Promise<{ deleted: string; failed?: undefined } | { deleted?: undefined; failed: string }> {
  const id = stack.StackId ?? stack.StackName!;
  if (stack.StackStatus !== 'DELETE_FAILED') {
    await cfn.send(new DeleteStackCommand({ StackName: id }));
    return { deleted: stack.StackName! };
  }
  const attempts = await failedDeletes(cfn, stack);
  const resources =
    (await cfn.send(new DescribeStackResourcesCommand({ StackName: id }))).StackResources ?? [];
  const stuck = resources.filter((r) => r.ResourceStatus === 'DELETE_FAILED');
  const list = stuck.map((r) => `${r.LogicalResourceId} (${r.ResourceType})`).join(', ');
  if (attempts >= maxAttempts) {
    return {
      failed: `DELETE_FAILED ${attempts} times, left for a person: ${list || 'no failed resource listed'}; see the stack events, then npm run sweep for this build`,
    };
  }
  const retain = stuck
    .filter((r) => SWEEPER_OWNED_TYPES.includes(r.ResourceType ?? ''))
    .map((r) => r.LogicalResourceId!);
  await cfn.send(
    new DeleteStackCommand({ StackName: id, ...(retain.length > 0 ? { RetainResources: retain } : {}) }),
  );
  return {
    deleted: `${stack.StackName} (delete ${attempts + 1} of ${maxAttempts}${retain.length > 0 ? `, retaining ${retain.join(', ')}` : ''})`,
  };
}

/** How many times the stack's own delete has failed, from its events. */
async function failedDeletes(cfn: CloudFormationClient, stack: Stack): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await cfn.send(
      new DescribeStackEventsCommand({ StackName: stack.StackId ?? stack.StackName, NextToken: token }),
    );
    count += (page.StackEvents ?? []).filter(
      (e) => e.LogicalResourceId === stack.StackName && e.ResourceStatus === 'DELETE_FAILED',
    ).length;
    token = page.NextToken;
  } while (token);
  return count;
}
