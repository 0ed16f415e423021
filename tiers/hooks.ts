import { ApiObject, App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Tier } from '../lib/model/tier';
import { VERSIONS } from '../lib/model/versions';

/** A tier's preflight (before its first app) or acceptance (after its last app). */
export type HookKind = 'preflight' | 'acceptance';

/** One scripted check a hook Job runs. */
export interface HookStep {
  readonly id: string;
  readonly description: string;
  /** Printed when the step fails: what to do. */
  readonly remedy: string;
  /** POSIX shell; a non-zero exit fails the step. */
  readonly script: string;
}

/** A read-only permission the hook's ServiceAccount needs. */
export interface ReadRule {
  readonly apiGroup: string;
  readonly resource: string;
}

/** A key of a Secret in the hook's namespace, read into an environment variable. */
export interface SecretKeyRef {
  readonly secret: string;
  readonly key: string;
}

export interface TierHookProps {
  readonly tier: Tier;
  readonly kind: HookKind;
  /**
   * The root Application's sync wave the hook runs in: between the tier's apps and the next tier's,
   * so a failed check stops the sync before anything later is applied.
   */
  readonly wave: number;
  /** Namespace of the hook's Job and ServiceAccount. */
  readonly namespace: string;
  readonly steps: readonly HookStep[];
  /** @default - no Kubernetes API access beyond what a Pod has */
  readonly reads?: readonly ReadRule[];
  /** @default - none */
  readonly env?: { readonly [name: string]: string };
  /**
   * Environment variables from Secrets in `namespace` (credentials a step signs in with); the
   * values reach the Job's environment only, never its manifest.
   * @default - none
   */
  readonly secretEnv?: { readonly [name: string]: SecretKeyRef };
}

/** How long a hook Job may run before ArgoCD fails the sync: short, no retries. */
export const HOOK_DEADLINE = Duration.seconds(180);

/** Single-quotes `s` for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The hook Job's script: runs every step, reports each, fails if any failed. */
export function hookScript(steps: readonly HookStep[]): string {
  const lines = ['fail=0'];
  for (const step of steps) {
    lines.push(
      `echo ${shellQuote(`check ${step.id}: ${step.description}`)}`,
      `if ( ${step.script} ); then echo ${shellQuote(`ok ${step.id}`)}; else echo ${shellQuote(`FAILED ${step.id}: ${step.remedy}`)}; fail=1; fi`,
    );
  }
  lines.push('exit $fail');
  return lines.join('\n');
}

/** `1.5` -> `1-5`, for names. */
export function tierSlug(tier: Tier): string {
  return String(tier).replace('.', '-');
}

/**
 * The objects of one tier hook, as plain manifests: a Job (short deadline, `backoffLimit: 0`,
 * non-root, read-only root filesystem) under its own ServiceAccount, with a read-only ClusterRole
 * when it reads the API. Every object is an ArgoCD `Sync` hook in wave `props.wave` (ArgoCD applies
 * the RBAC objects of one wave before the Job), recreated on every sync.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/resource_hooks/
 */
export function tierHookManifests(props: TierHookProps): Record<string, unknown>[] {
  const name = `tier-${tierSlug(props.tier)}-${props.kind}`;
  const chart = new Chart(new App({ outdir: 'cdk8s.out' }), name, { disableResourceNameHashes: true });
  const serviceAccount = new kplus.ServiceAccount(chart, 'ServiceAccount', {
    metadata: { name, namespace: props.namespace },
    automountToken: (props.reads ?? []).length > 0,
  });
  const rbac: kplus.Resource[] = [serviceAccount];
  if (props.reads && props.reads.length > 0) {
    const role = new kplus.ClusterRole(chart, 'ClusterRole', { metadata: { name: `goldenpath-${name}` } });
    for (const r of props.reads) {
      role.allow(
        ['get', 'list', 'watch'],
        kplus.ApiResource.custom({ apiGroup: r.apiGroup, resourceType: r.resource }),
      );
    }
    const binding = new kplus.ClusterRoleBinding(chart, 'ClusterRoleBinding', {
      metadata: { name: `goldenpath-${name}` },
      role,
    });
    binding.addSubjects(serviceAccount);
    rbac.push(role, binding);
  }
  const job = new kplus.Job(chart, 'Job', {
    metadata: { name, namespace: props.namespace },
    activeDeadline: HOOK_DEADLINE,
    backoffLimit: 0,
    serviceAccount,
    automountServiceAccountToken: (props.reads ?? []).length > 0,
    securityContext: { user: 65534, group: 65534, ensureNonRoot: true },
    containers: [
      {
        name: 'check',
        image: VERSIONS.images.clusterChecks,
        command: ['/bin/sh', '-c', hookScript(props.steps)],
        securityContext: {
          user: 65534,
          group: 65534,
          ensureNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        },
        envVariables: {
          ...Object.fromEntries(
            Object.entries(props.env ?? {}).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)]),
          ),
          ...Object.fromEntries(
            Object.entries(props.secretEnv ?? {}).map(([k, ref]) => [
              k,
              kplus.EnvValue.fromSecretValue({
                secret: kplus.Secret.fromSecretName(chart, `Secret-${k}`, ref.secret),
                key: ref.key,
              }),
            ]),
          ),
        },
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(200) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
        },
      },
    ],
  });
  for (const r of [...rbac, job]) {
    const metadata = ApiObject.of(r).metadata;
    metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(props.wave));
    metadata.addAnnotation('argocd.argoproj.io/hook', 'Sync');
    metadata.addAnnotation('argocd.argoproj.io/hook-delete-policy', 'BeforeHookCreation');
    metadata.addLabel('goldenpath.idp/tier', String(props.tier));
  }
  return chart.toJson() as Record<string, unknown>[];
}
