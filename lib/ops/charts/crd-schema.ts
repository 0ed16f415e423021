import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { splitApiVersion, type KubeObject } from './kube-object';

type Schema = Readonly<Record<string, unknown>>;

const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };
const STRING = { type: 'string' };
const INTEGER = { type: 'integer' };

/** ObjectMeta as the API server checks it on every custom resource, whatever the CRD says. */
const OBJECT_META_PROPERTIES: Schema = {
  name: STRING,
  generateName: STRING,
  namespace: STRING,
  labels: STRING_MAP,
  annotations: STRING_MAP,
  finalizers: { type: 'array', items: STRING },
  ownerReferences: { type: 'array', items: { type: 'object' } },
  managedFields: { type: 'array', items: { type: 'object' } },
  uid: STRING,
  resourceVersion: STRING,
  selfLink: STRING,
  generation: INTEGER,
  creationTimestamp: STRING,
  deletionTimestamp: STRING,
  deletionGracePeriodSeconds: INTEGER,
};

/** Keywords that document or drive server-side behaviour but do not validate (CEL is not evaluated). */
const DROPPED = new Set(['description', 'example', 'externalDocs', 'default', 'nullable', 'title']);

/**
 * Turns a CRD's structural `openAPIV3Schema` into a JSON schema that refuses what the API server
 * refuses: an object field that the schema does not declare is an unknown field unless
 * `x-kubernetes-preserve-unknown-fields` keeps it; `x-kubernetes-int-or-string` admits both;
 * `metadata` is ObjectMeta. Formats and `x-kubernetes-validations` (CEL) are not checked.
 *
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 */
export function structuralToJsonSchema(openAPIV3Schema: Schema): Schema {
  const root = convert(openAPIV3Schema, true) as Record<string, unknown>;
  const properties = { ...(root.properties as Schema | undefined) };
  const declaredMeta = (openAPIV3Schema.properties as Schema | undefined)?.metadata as Schema | undefined;
  const metaProperties = (declaredMeta?.properties as Record<string, Schema> | undefined) ?? {};
  properties.apiVersion ??= STRING;
  properties.kind ??= STRING;
  properties.metadata = {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...OBJECT_META_PROPERTIES,
      ...Object.fromEntries(Object.entries(metaProperties).map(([k, v]) => [k, convert(v, true)])),
    },
  };
  const open = openAPIV3Schema['x-kubernetes-preserve-unknown-fields'] === true;
  return {
    ...root,
    type: 'object',
    properties,
    ...(open ? {} : { additionalProperties: root.additionalProperties ?? false }),
  };
}

/**
 * @param structural whether the node is a field's schema (reached through `properties`, `items`
 *   or `additionalProperties`) rather than a branch of `anyOf`/`allOf`/`oneOf`/`not`, which in a
 *   structural schema only add value checks and must not close objects
 */
function convert(schema: Schema, structural: boolean): Schema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, convert(v, true)]),
      );
    } else if (key === 'items') {
      out.items = Array.isArray(value)
        ? value.map((v: Schema) => convert(v, true))
        : convert(value as Schema, true);
    } else if (key === 'additionalProperties') {
      out.additionalProperties = typeof value === 'boolean' ? value : convert(value as Schema, true);
    } else if (key === 'anyOf' || key === 'allOf' || key === 'oneOf') {
      out[key] = (value as Schema[]).map((v) => convert(v, false));
    } else if (key === 'not') {
      out.not = convert(value as Schema, false);
    } else out[key] = value;
  }
  if (schema['x-kubernetes-int-or-string'] === true && out.type === undefined && out.anyOf === undefined) {
    out.type = ['integer', 'string'];
  }
  if (schema['x-kubernetes-embedded-resource'] === true) {
    out.properties = {
      apiVersion: STRING,
      kind: STRING,
      metadata: { type: 'object' },
      ...(out.properties as Schema),
    };
  }
  const isObject = out.type === 'object' || out.properties !== undefined;
  if (
    structural &&
    isObject &&
    out.additionalProperties === undefined &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** The outcome of looking an object's kind up among the CRDs. */
export type CrdCheck =
  /** A CRD serves the kind at this version: these are the problems found (none when valid). */
  | { readonly kind: 'checked'; readonly crd: string; readonly errors: readonly string[] }
  /** A CRD defines the kind but not at this version, or does not serve it. */
  | { readonly kind: 'not-served'; readonly crd: string; readonly error: string }
  /** No CRD defines the kind. */
  | { readonly kind: 'no-crd' };

interface CrdVersion {
  readonly served: boolean;
  readonly schema: Schema | undefined;
  compiled?: ValidateFunction;
}

/** The custom resource kinds a set of CRDs defines, each validated against its version's schema. */
export class CrdSchemas {
  private readonly kinds = new Map<
    string,
    { readonly crd: string; readonly versions: Map<string, CrdVersion> }
  >();

  /** @param crds `apiextensions.k8s.io/v1` CustomResourceDefinitions; other objects are ignored */
  constructor(crds: readonly KubeObject[]) {
    for (const crd of crds) {
      if (crd.apiVersion !== 'apiextensions.k8s.io/v1' || crd.kind !== 'CustomResourceDefinition') continue;
      const spec = crd.spec as
        { group?: string; names?: { kind?: string }; versions?: unknown[] } | undefined;
      const versions = new Map<string, CrdVersion>();
      for (const v of (spec?.versions ?? []) as {
        name?: string;
        served?: boolean;
        schema?: { openAPIV3Schema?: Schema };
      }[]) {
        if (v.name) versions.set(v.name, { served: v.served === true, schema: v.schema?.openAPIV3Schema });
      }
      this.kinds.set(`${spec?.group}/${spec?.names?.kind}`, {
        crd: crd.metadata?.name ?? '(no name)',
        versions,
      });
    }
  }

  /** Validates `object` against the CRD that defines its kind, if any. */
  public check(object: KubeObject): CrdCheck {
    const { group, version } = splitApiVersion(object.apiVersion);
    const entry = this.kinds.get(`${group}/${object.kind}`);
    if (!entry) return { kind: 'no-crd' };
    const served = entry.versions.get(version);
    if (!served?.served || !served.schema) {
      const known = [...entry.versions].filter(([, v]) => v.served).map(([name]) => name);
      return {
        kind: 'not-served',
        crd: entry.crd,
        error: `CRD ${entry.crd} does not serve ${version}${served && !served.schema ? ' with a schema' : ''} (serves: ${known.join(', ') || 'none'})`,
      };
    }
    served.compiled ??= compiled(structuralToJsonSchema(served.schema));
    const valid = served.compiled(withoutNulls(object));
    return {
      kind: 'checked',
      crd: entry.crd,
      errors: valid ? [] : (served.compiled.errors ?? []).map(describeError),
    };
  }
}

/** Validators compiled in this process, by their JSON schema's text. */
const validators = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

/**
 * The validator of `schema`, compiled once per process: compiling is most of the cost of a check,
 * and the same CRDs come back in every set a process validates (each chart's, each cluster's).
 * The key is the whole schema, so two CRDs share a validator only when they validate alike.
 */
function compiled(schema: Schema): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    ajv ??= new Ajv({
      allErrors: true,
      strict: false,
      validateFormats: false,
      // The optimizer only tidies the generated code (unused names, constant folding), which takes
      // as long as generating it for the large CRD schemas and saves nothing on a few validations.
      code: { regExp: re2Pattern, optimize: false },
    });
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

/**
 * A CRD `pattern` (Go RE2 syntax) as a JavaScript RegExp. RE2's inline `(?i)` has no JavaScript
 * equivalent before Node 23, so a pattern that uses it is matched case-insensitively as a whole:
 * a little more lenient than the API server, never stricter.
 */
const re2Pattern = Object.assign(
  (source: string, flags: string): RegExp =>
    source.includes('(?i)')
      ? new RegExp(source.replaceAll('(?i)', ''), `${flags}i`)
      : new RegExp(source, flags),
  // Only standalone code generation, which this project does not use, reads `code`.
  { code: 'new RegExp' },
);

/** The API server drops `null` fields of custom resources before it validates them. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

function describeError(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}: unknown field`;
  }
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}`;
}
