import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface ValidationReport {
  readonly status: number | null;
  readonly errors: string[];
  readonly validated: string[];
  readonly skipped: string[];
}

/** Reports of this test file, by their input's JSON: the validator is a pure function of it. */
const reports = new Map<string, ValidationReport>();

/**
 * Runs the ESM schema validator (kubernetes-models, @kubernetes-models/argo-cd) on `manifests`,
 * once per distinct input in a test file (a report is shared: treat it as read-only).
 */
export function validateManifests(manifests: readonly unknown[]): ValidationReport {
  const input = JSON.stringify(manifests);
  const known = reports.get(input);
  if (known) return known;
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'support', 'validate-manifests.mjs')], {
    input,
    encoding: 'utf8',
  });
  if (!run.stdout) throw new Error(`validator produced no report: ${run.stderr}`);
  const report = { status: run.status, ...(JSON.parse(run.stdout) as Omit<ValidationReport, 'status'>) };
  reports.set(input, report);
  return report;
}
