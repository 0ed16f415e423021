import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CrdSchemas } from './crd-schema';
import { describeObject, type KubeObject } from './kube-object';
import { cachedBatch } from './render-cache';

/** Objects rendered from one source (a chart or an Application), named for messages. */
export interface ObjectSet {
  /** Names where the objects come from, e.g. `kong 3.4.1`. */
  readonly source: string;
  readonly objects: readonly KubeObject[];
}

/** What {@link validateObjects} found. Valid when `errors` and `withoutSchema` are both empty. */
export interface ValidationReport {
  /** One line per problem: `<source>: <apiVersion> <kind> <namespace>/<name>: <path> <problem>`. */
  readonly errors: readonly string[];
  /** Objects whose kind no schema knows (`<source>: <apiVersion> <kind> <namespace>/<name>`). */
  readonly withoutSchema: readonly string[];
  /** How many objects each kind of schema validated. */
  readonly validated: { readonly kubernetes: number; readonly argoCd: number; readonly crd: number };
}

/** Options of {@link validateObjects}. */
export interface ValidateObjectsOptions {
  /**
   * CRDs the cluster has besides those in the object sets (from apps not rendered here).
   *
   * @default []
   */
  readonly crds?: readonly KubeObject[];
  /**
   * A directory where the result of each built-in or ArgoCD object is kept and read back, by the
   * object's content (see {@link cachedBatch}): for tests, which validate the same objects (large
   * CRDs above all) in several sets and files. It must live no longer than kube-models.mjs and the
   * packages it loads (one test run).
   *
   * @default - each call validates all its objects
   */
  readonly resultCache?: string;
}

const CRD = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };

/**
 * Validates every object against a schema, refusing unknown fields:
 * - a custom resource against the `openAPIV3Schema` of its CRD, taken from all the sets (so one
 *   chart's resources are checked against the CRDs another chart ships) and `options.crds`;
 * - a built-in kind against kubernetes-models, an `argoproj.io` kind with no CRD in the sets
 *   against @kubernetes-models/argo-cd.
 *
 * An object that no schema knows is listed in `withoutSchema`, never passed silently. A CRD that
 * two sets ship with different specs is an error (the two apps would overwrite each other).
 *
 * @see https://github.com/tommy351/kubernetes-models-ts
 */
export function validateObjects(
  sets: readonly ObjectSet[],
  options: ValidateObjectsOptions = {},
): ValidationReport {
  const errors: string[] = [];
  const withoutSchema: string[] = [];
  const validated = { kubernetes: 0, argoCd: 0, crd: 0 };
  const crds = [
    ...sets.flatMap((set) => set.objects.filter(isCrd).map((object) => ({ source: set.source, object }))),
    ...(options.crds ?? []).filter(isCrd).map((object) => ({ source: 'options.crds', object })),
  ];
  errors.push(...conflictingCrds(crds));
  const schemas = new CrdSchemas(crds.map((c) => c.object));

  const builtIn: { readonly where: string; readonly object: KubeObject }[] = [];
  for (const set of sets) {
    for (const object of set.objects) {
      const where = `${set.source}: ${describeObject(object)}`;
      const check = schemas.check(object);
      if (check.kind === 'no-crd') builtIn.push({ where, object });
      else if (check.kind === 'not-served') errors.push(`${where}: ${check.error}`);
      else {
        validated.crd++;
        errors.push(...check.errors.map((e) => `${where}: ${e}`));
      }
    }
  }

  const results = kubeModels(
    builtIn.map((b) => b.object),
    options.resultCache,
  );
  results.forEach((result, i) => {
    const { where } = builtIn[i];
    if (result.schema === null) withoutSchema.push(where);
    else {
      validated[result.schema === 'argo-cd' ? 'argoCd' : 'kubernetes']++;
      errors.push(...result.errors.map((e) => `${where}: ${e}`));
    }
  });
  return { errors, withoutSchema, validated };
}

/**
 * Runs kube-models on `objects` in one process and keeps each result in `resultCache`, where later
 * {@link validateObjects} calls with that cache find them: for a test file that validates several
 * sets, whose calls would otherwise each start a process that spends a fifth of a second loading
 * the models. Custom resources may be among `objects`: no model knows them, which is quick to find.
 */
export function prevalidateObjects(objects: readonly KubeObject[], resultCache: string): void {
  kubeModels(objects, resultCache);
}

function isCrd(object: KubeObject): boolean {
  return object.apiVersion === CRD.apiVersion && object.kind === CRD.kind;
}

function conflictingCrds(crds: readonly { source: string; object: KubeObject }[]): string[] {
  const first = new Map<string, { source: string; spec: string }>();
  const problems: string[] = [];
  for (const { source, object } of crds) {
    const name = object.metadata?.name ?? '(no name)';
    const spec = JSON.stringify(object.spec);
    const seen = first.get(name);
    if (!seen) first.set(name, { source, spec });
    else if (seen.spec !== spec) {
      problems.push(
        `${source}: CRD ${name} differs from the one ${seen.source} ships; one cluster can hold only one`,
      );
    }
  }
  return problems;
}

interface ModelResult {
  readonly schema: 'kubernetes' | 'argo-cd' | null;
  readonly errors: readonly string[];
}

/**
 * The result of kube-models.mjs on each of `objects`, in order: each distinct object validated
 * once, in one process (ESM-only packages), and its result kept in `cache` when given.
 */
function kubeModels(objects: readonly KubeObject[], cache?: string): ModelResult[] {
  if (objects.length === 0) return [];
  const texts = objects.map((o) => JSON.stringify(o));
  const ids = texts.map((text) => createHash('sha256').update(text).digest('hex'));
  const distinct = [...new Map(ids.map((id, i) => [id, i])).values()];
  const validate = (indexes: readonly number[]) => runKubeModels(indexes.map((i) => texts[i]));
  const results =
    cache === undefined
      ? validate(distinct)
      : cachedBatch(
          join(cache, 'kube-models'),
          distinct.map((i) => ids[i]),
          (missing) => validate(missing.map((m) => distinct[m])),
        );
  const byId = new Map(distinct.map((index, i) => [ids[index], results[i]]));
  return ids.map((id) => byId.get(id)!);
}

/** Runs kube-models.mjs on objects given as JSON text: one result per object, in order. */
function runKubeModels(texts: readonly string[]): ModelResult[] {
  const run = spawnSync(process.execPath, [join(__dirname, 'kube-models.mjs')], {
    input: `[${texts.join(',')}]`,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0 || !run.stdout) {
    throw new Error(`kube-models.mjs failed (exit ${run.status}): ${run.stderr || run.error?.message}`);
  }
  const results = JSON.parse(run.stdout) as ModelResult[];
  if (results.length !== texts.length) {
    throw new Error(`kube-models.mjs returned ${results.length} results for ${texts.length} objects`);
  }
  return results;
}
