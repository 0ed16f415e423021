import type { PreflightCheck } from '../../model/checks';
import type { EnvironmentConfig } from '../../model/config';
import type { Lifecycle, Tier } from '../../model/tier';
import { describeAwsError } from './aws-errors';
import { ContractValues, type PreflightClients, runProbe } from './probes';

/** One check's result as reported. */
export interface CheckResult {
  readonly id: string;
  readonly tier: Tier;
  readonly status: 'pass' | 'fail';
  /** What was checked. */
  readonly check: string;
  /** What was found. */
  readonly detail: string;
  /** What to do; only on a failure. */
  readonly remedy?: string;
}

/** What the preflight run was about. */
export interface PreflightTarget {
  readonly config: EnvironmentConfig;
  readonly lifecycle: Lifecycle;
  readonly maxTier: Tier;
  /** @default - a persistent cluster */
  readonly buildId?: string;
}

export interface PreflightReport {
  readonly env: string;
  readonly region: string;
  readonly lifecycle: Lifecycle;
  readonly maxTier: Tier;
  readonly buildId?: string;
  readonly ok: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly CheckResult[];
}

/**
 * Runs the deploy-time layer of `checks` against the account behind `clients`, one after the
 * other (a preflight makes a few dozen calls; order keeps the output stable). An AWS error fails
 * the check it happened in, with what to do, and the run goes on.
 */
export async function runPreflight(
  target: PreflightTarget,
  checks: readonly PreflightCheck[],
  clients: PreflightClients,
): Promise<PreflightReport> {
  const contract = new ContractValues(target.config, clients.ssm);
  const results: CheckResult[] = [];
  for (const check of checks) {
    if (!check.deploy) continue;
    const base = { id: check.id, tier: check.tier, check: check.description };
    try {
      const outcome = await runProbe(check.deploy, contract, clients);
      results.push(
        outcome.ok
          ? { ...base, status: 'pass', detail: outcome.detail }
          : { ...base, status: 'fail', detail: outcome.detail, remedy: check.remedy },
      );
    } catch (err) {
      const failure = describeAwsError(err);
      results.push({
        ...base,
        status: 'fail',
        detail: failure.detail,
        remedy: failure.remedy ?? check.remedy,
      });
    }
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  return {
    env: target.config.name,
    region: target.config.region,
    lifecycle: target.lifecycle,
    maxTier: target.maxTier,
    ...(target.buildId !== undefined ? { buildId: target.buildId } : {}),
    ok: failed === 0,
    passed: results.length - failed,
    failed,
    results,
  };
}

/** One line per check: `PASS <id>: <check> (<detail>)` or `FAIL <id>: <check>: <detail>; fix: <remedy>`. */
export function formatResult(r: CheckResult): string {
  return r.status === 'pass'
    ? `PASS ${r.id}: ${r.check} (${r.detail})`
    : `FAIL ${r.id}: ${r.check}: ${r.detail}; fix: ${r.remedy}`;
}

/** The human-readable report: a header, one line per check, a summary. */
export function formatReport(report: PreflightReport): string[] {
  const what =
    report.lifecycle === 'ephemeral' ? `an ephemeral build ${report.buildId}` : 'a persistent cluster';
  const total = report.results.length;
  return [
    `preflight ${report.env} (${report.region}) for ${what} up to tier ${report.maxTier}`,
    ...report.results.map(formatResult),
    report.ok
      ? `${total} checks: all passed`
      : `${total} checks: ${report.passed} passed, ${report.failed} failed`,
  ];
}
