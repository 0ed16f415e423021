// The BuildReaper's scheduled Lambda: reaps the environment's expired build stacks
// (lib/ops/teardown/reaper.ts) and publishes what it found as metrics. The clock is read here, at
// run time, never at synth.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { EnvironmentName, ReaperMode } from '../../lib/model/config';
import { errorLine } from '../../lib/ops/teardown/retry';
import { type ReapReport, reap } from '../../lib/ops/teardown/reaper';
import { metricRecord } from './metrics';

export interface ReaperHandlerDeps {
  readonly cfn: () => CloudFormationClient;
  readonly env: () => { readonly env: EnvironmentName; readonly mode: ReaperMode };
  readonly now: () => Date;
  /** Where the report and the metric record go. @default process.stdout */
  readonly log?: (line: string) => void;
}

export function makeHandler(deps: ReaperHandlerDeps) {
  const log = deps.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  return async (): Promise<ReapReport> => {
    const { env, mode } = deps.env();
    const now = deps.now();
    let report: ReapReport;
    try {
      report = await reap(deps.cfn(), { env, mode, now });
    } catch (err) {
      // Listing the stacks failed: count it and fail the invocation, so the schedule retries
      // it and, after its retries, the event lands in the dead-letter queue.
      log(`reaper run failed: ${errorLine(err)}`);
      log(metricRecord(now.getTime(), { ReaperErrors: 1 }, { Environment: env }));
      throw err;
    }
    log(JSON.stringify(report));
    log(
      metricRecord(
        now.getTime(),
        {
          BuildsExpired: report.expired.length,
          BuildsDeleted: report.deleted.length,
          BuildsFailed: report.failed.length,
          BuildsOverdueHours: report.maxOverdueHours,
          ReaperErrors: 0,
        },
        { Environment: env },
      ),
    );
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
