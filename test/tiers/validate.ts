import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface ValidationReport {
  /** 0 when every manifest of a known kind is valid, 1 otherwise. */
  readonly status: number;
  readonly errors: string[];
  readonly validated: string[];
  readonly skipped: string[];
}

/** Reports of this test file, by their input's JSON: the validator is a pure function of it. */
const reports = new Map<string, ValidationReport>();

/**
 * Runs the ESM schema validator (kubernetes-models, @kubernetes-models/argo-cd) on each set of
 * manifests not validated yet in this test file, all in one process: loading the schema modules
 * is most of a run's time, so a file validates what its tests need in one go (from a `beforeAll`),
 * and {@link validateManifests} then finds the reports. Each set gets its own report (shared:
 * treat it as read-only).
 */
export function validateManifestSets(sets: readonly (readonly unknown[])[]): ValidationReport[] {
  const inputs = sets.map((manifests) => JSON.stringify(manifests));
  const missing = [...new Set(inputs.filter((input) => !reports.has(input)))];
  if (missing.length > 0) {
    const run = spawnSync(process.execPath, [join(__dirname, '..', 'support', 'validate-manifests.mjs')], {
      input: `[${missing.join(',')}]`,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (run.status !== 0 || !run.stdout) {
      throw new Error(`validator failed (exit ${run.status}): ${run.stderr || run.error?.message}`);
    }
    const results = JSON.parse(run.stdout) as ValidationReport[];
    if (results.length !== missing.length) {
      throw new Error(`validator returned ${results.length} reports for ${missing.length} sets`);
    }
    missing.forEach((input, i) => reports.set(input, results[i]));
  }
  return inputs.map((input) => reports.get(input)!);
}

/** The validator's report on `manifests` (see {@link validateManifestSets}). */
export function validateManifests(manifests: readonly unknown[]): ValidationReport {
  return validateManifestSets([manifests])[0];
}
