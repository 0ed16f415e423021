// Validates Kubernetes manifests against their JSON schemas: core kinds with kubernetes-models,
// ArgoCD kinds with @kubernetes-models/argo-cd. Both are ESM-only, so jest (CommonJS) runs this
// script as a child process.
//
// Input on stdin: a JSON array of sets, each an array of manifests: one process validates every
// set a test file has (loading the schema modules is most of a run's time). Objects nested in an
// Application's Helm values (`valuesObject.resources`, `valuesObject.extraObjects`) are validated
// too. Output on stdout: one JSON line, an array with, per set, { status: 0 when every known kind is
// valid, 1 otherwise, errors: string[], validated: string[], skipped: string[] }. Exit status: 0.
import { readFileSync } from 'node:fs';

const ARGO_GROUP = 'argoproj.io';

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  try {
    if (group === ARGO_GROUP) return (await import(`@kubernetes-models/argo-cd/${group}/${version}`))[kind];
    return (await import(`kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`))[kind];
  } catch {
    return undefined;
  }
}

function nested(manifest) {
  if (manifest.kind !== 'Application') return [];
  const sources = manifest.spec?.sources ?? (manifest.spec?.source ? [manifest.spec.source] : []);
  return sources.flatMap((s) => [
    ...(s.helm?.valuesObject?.resources ?? []),
    ...(s.helm?.valuesObject?.extraObjects ?? []),
  ]);
}

/** The report of one set (see the input and output above). */
async function validate(manifests) {
  const errors = [];
  const validated = new Set();
  const skipped = new Set();
  const queue = manifests.map((m, i) => [m, `[${i}]`]);
  while (queue.length > 0) {
    const [m, where] = queue.shift();
    const id = `${m?.apiVersion}/${m?.kind} ${m?.metadata?.name ?? '(no name)'} ${where}`;
    if (!m || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') {
      errors.push(`${id}: not a Kubernetes object (apiVersion and kind are required)`);
      continue;
    }
    const Model = await modelOf(m.apiVersion, m.kind);
    if (!Model) {
      skipped.add(`${m.apiVersion}/${m.kind}`);
    } else {
      try {
        new Model(m).validate();
        validated.add(`${m.apiVersion}/${m.kind}`);
      } catch (err) {
        errors.push(`${id}: ${err.message}`);
      }
    }
    nested(m).forEach((child, j) => queue.push([child, `${where}.resources[${j}]`]));
  }
  return {
    status: errors.length > 0 ? 1 : 0,
    errors,
    validated: [...validated].sort(),
    skipped: [...skipped].sort(),
  };
}

const reports = [];
for (const manifests of JSON.parse(readFileSync(0, 'utf8'))) reports.push(await validate(manifests));
process.stdout.write(`${JSON.stringify(reports)}\n`);
