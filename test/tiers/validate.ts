import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface ValidationReport {
  readonly status: number | null;
  readonly errors: string[];
  readonly validated: string[];
  readonly skipped: string[];
}

/** Runs the ESM schema validator (kubernetes-models, @kubernetes-models/argo-cd) on `manifests`. */
export function validateManifests(manifests: readonly unknown[]): ValidationReport {
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'support', 'validate-manifests.mjs')], {
    input: JSON.stringify(manifests),
    encoding: 'utf8',
  });
  if (!run.stdout) throw new Error(`validator produced no report: ${run.stderr}`);
  return { status: run.status, ...(JSON.parse(run.stdout) as Omit<ValidationReport, 'status'>) };
}
