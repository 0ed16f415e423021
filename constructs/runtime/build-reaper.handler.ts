// The BuildReaper's scheduled Lambda: reaps the environment's expired build stacks
// (lib/ops/teardown/reaper.ts). The clock is read here, at run time, never at synth.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { EnvironmentName, ReaperMode } from '../../lib/model/config';
import { type ReapReport, reap } from '../../lib/ops/teardown/reaper';

export interface ReaperHandlerDeps {
  readonly cfn: () => CloudFormationClient;
  readonly env: () => { readonly env: EnvironmentName; readonly mode: ReaperMode };
  readonly now: () => Date;
}

export function makeHandler(deps: ReaperHandlerDeps) {
  return async (): Promise<ReapReport> => {
    const { env, mode } = deps.env();
    const report = await reap(deps.cfn(), { env, mode, now: deps.now() });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return report;
  };
}

export const handler = makeHandler({
  cfn: () => new CloudFormationClient({}),
  env: () => ({
    env: process.env.GOLDENPATH_ENV as EnvironmentName,
    mode: process.env.REAPER_MODE === 'delete' ? 'delete' : 'report',
  }),
  now: () => new Date(),
});
