import {
  type CloudFormationClient,
  DeleteStackCommand,
  type DescribeStacksCommandOutput,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import type { BuildId } from '../../model/build-id';
import type { EnvironmentName, ReaperMode } from '../../model/config';
import { buildStacks, stackName } from '../../model/naming';
import { TAG_KEYS } from '../../model/tags';

export interface ReapOptions {
  readonly env: EnvironmentName;
  /** `delete` deletes expired builds; `report` only lists them. */
  readonly mode: ReaperMode;
  /** The time to judge expiry at (the Lambda passes the clock; tests pass a fixed time). */
  readonly now: Date;
}

export interface ReapReport {
  readonly mode: ReaperMode;
  /** `<stack> (expired <ISO time>)`: deleted in `delete` mode, listed in `report` mode. */
  readonly expired: readonly string[];
  /** Build stacks not yet expired. */
  readonly kept: readonly string[];
  /** `<stack>: <why>` for `goldenpath-<env>-b-*` stacks without valid ephemeral tags: never touched. */
  readonly skipped: readonly string[];
}

const GONE = ['DELETE_COMPLETE', 'DELETE_IN_PROGRESS'];

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
 */
export async function reap(cfn: CloudFormationClient, options: ReapOptions): Promise<ReapReport> {
  // The same pattern the reaper's IAM policy allows DeleteStack on (constructs/foundation/build-reaper.ts).
  const isBuildStack = buildStacks(options.env).matches;
  const expired: string[] = [];
  const kept: string[] = [];
  const skipped: string[] = [];
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
        if (options.mode === 'delete')
          await cfn.send(new DeleteStackCommand({ StackName: stack.StackId ?? name }));
        expired.push(`${name} (expired ${expiry.expires.toISOString()})`);
      } else {
        kept.push(name);
      }
    }
    token = page.NextToken;
  } while (token);
  return { mode: options.mode, expired: expired.sort(), kept: kept.sort(), skipped: skipped.sort() };
}
