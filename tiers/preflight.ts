import { type ClusterProbe, type PreflightCheck } from '../lib/model/checks';
import type { Tier } from '../lib/model/tier';
import type { TierContext } from './context';
import { kubernetesSecretName } from './context';
import { type HookStep, type ReadRule, type TierHookProps, shellQuote } from './hooks';

/** The in-cluster evaluation of one probe kind: its script and the API reads it needs. */
interface ProbeScript {
  readonly script: string;
  readonly reads: readonly ReadRule[];
  readonly env?: { readonly [name: string]: string };
}

/**
 * How each `ClusterProbe` of the check list runs in a preflight Job. The switch is exhaustive, so a
 * new probe kind in `lib/model/checks.ts` does not compile until it has a script here.
 *
 * @returns `undefined` when the probe has nothing to check on this cluster (a secret no selected
 *   app reads has no ExternalSecret)
 */
export function probeScript(probe: ClusterProbe, context: TierContext): ProbeScript | undefined {
  switch (probe.kind) {
    case 'nodesReady':
      return {
        script: 'kubectl wait --for=condition=Ready nodes --all --timeout=60s',
        reads: [{ apiGroup: '', resource: 'nodes' }],
      };
    case 'defaultStorageClass':
      return {
        script: `kubectl get storageclass -o jsonpath=${shellQuote('{range .items[*]}{.metadata.annotations.storageclass\\.kubernetes\\.io/is-default-class}{"\\n"}{end}')} | grep -qx true`,
        reads: [{ apiGroup: 'storage.k8s.io', resource: 'storageclasses' }],
      };
    case 'databaseReachable':
      if (!context.database) return undefined;
      return {
        script: 'nc -z -w 5 "$DATABASE_HOST" "$DATABASE_PORT"',
        reads: [],
        env: { DATABASE_HOST: context.database.endpoint, DATABASE_PORT: context.database.port },
      };
    case 'externalSecretReady': {
      const consumer = context.selected.find((e) =>
        e.secrets.some((id) => context.secretNames[id] === probe.secretName),
      );
      const id = consumer?.secrets.find((s) => context.secretNames[s] === probe.secretName);
      if (!consumer || !id) return undefined;
      return {
        script: `kubectl wait --for=condition=Ready externalsecret/${kubernetesSecretName(id)} -n ${consumer.namespace} --timeout=60s`,
        reads: [{ apiGroup: 'external-secrets.io', resource: 'externalsecrets' }],
      };
    }
  }
}

/**
 * The preflight hook of `tier`, run in the root's wave `wave` (before the tier's first app),
 * generated from the tier's checks in the one check list (those with an in-cluster probe), or
 * `undefined` when the tier has none to run here.
 */
export function preflightHook(
  tier: Tier,
  wave: number,
  checks: readonly PreflightCheck[],
  namespace: string,
  context: TierContext,
): TierHookProps | undefined {
  const steps: HookStep[] = [];
  const reads: ReadRule[] = [];
  const env: Record<string, string> = {};
  for (const check of checks.filter((c) => c.tier === tier && c.cluster)) {
    const probe = probeScript(check.cluster!, context);
    if (!probe) continue;
    steps.push({ id: check.id, description: check.description, remedy: check.remedy, script: probe.script });
    for (const r of probe.reads) {
      if (!reads.some((x) => x.apiGroup === r.apiGroup && x.resource === r.resource)) reads.push(r);
    }
    Object.assign(env, probe.env ?? {});
  }
  if (steps.length === 0) return undefined;
  return { tier, kind: 'preflight', wave, namespace, steps, reads, env };
}
