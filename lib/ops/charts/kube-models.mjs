// Validates Kubernetes objects against the schemas of kubernetes-models (built-in kinds) and
// @kubernetes-models/argo-cd (argoproj.io kinds), refusing unknown fields. Both packages are
// ESM-only, so lib/ops/charts/validate.ts runs this script as a child process.
//
// The packages' validators ignore fields their schema does not declare. To refuse them, each
// object is validated through a Proxy that records which keys the validator looks up: a validator
// probes every property its schema declares, and enumerates the keys of a map (labels, data).
// A key present in an object whose other keys were probed, but never probed itself, is unknown.
// An object the validator never looked into (a free-form field such as a CRD's `default`) is not
// judged. Fields named `description` or `x-kubernetes-*` are never judged: the packages' schemas
// lose them (PriorityClass.description, JSONSchemaProps.description and its x-kubernetes-*
// extensions are in their types but not in their validators).
//
// Input on stdin: a JSON array of objects. Output on stdout: a JSON array, one entry per object,
// { schema: "kubernetes" | "argo-cd" | null, errors: string[] } (schema null: no model knows it).
import { readFileSync } from 'node:fs';

const ARGO_GROUP = 'argoproj.io';
const UNJUDGED = /^(description|x-kubernetes-.*)$/;
const models = new Map();

async function modelOf(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    let found;
    try {
      found =
        group === ARGO_GROUP
          ? {
              schema: 'argo-cd',
              Model: (await import(`@kubernetes-models/argo-cd/${group}/${version}`))[kind],
            }
          : {
              schema: 'kubernetes',
              Model: (await import(`kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`))[kind],
            };
    } catch {
      found = undefined;
    }
    models.set(key, found?.Model ? found : undefined);
  }
  return models.get(key);
}

/** Wraps `root` so that every key lookup is recorded per object. */
function recorder(root) {
  const records = new Map();
  const proxies = new WeakMap();
  const wrap = (value) => {
    if (typeof value !== 'object' || value === null) return value;
    if (!proxies.has(value)) {
      const record = { probed: new Set(), enumerated: false };
      records.set(value, record);
      proxies.set(
        value,
        new Proxy(value, {
          get(target, key) {
            if (typeof key === 'string') record.probed.add(key);
            return wrap(Reflect.get(target, key));
          },
          has(target, key) {
            if (typeof key === 'string') record.probed.add(key);
            return Reflect.has(target, key);
          },
          ownKeys(target) {
            record.enumerated = true;
            return Reflect.ownKeys(target);
          },
        }),
      );
    }
    return proxies.get(value);
  };
  return { proxy: wrap(root), records };
}

/** The keys of `value` (and below) that the validator probed siblings of but never looked up. */
function unknownFields(value, path, records, out) {
  if (typeof value !== 'object' || value === null) return out;
  const record = records.get(value);
  if (!Array.isArray(value) && record && !record.enumerated && record.probed.size > 0) {
    for (const key of Object.keys(value)) {
      if (!record.probed.has(key) && !UNJUDGED.test(key)) out.push(`${path}/${key}: unknown field`);
    }
  }
  for (const [key, child] of Object.entries(value)) unknownFields(child, `${path}/${key}`, records, out);
  return out;
}

/**
 * The value at a JSON pointer. An enum error on an empty string is dropped: built-in kinds are Go
 * structs, where "" is the zero value that the API server defaults (imagePullPolicy: "" becomes
 * IfNotPresent), so the server accepts it.
 */
function at(value, pointer) {
  return pointer
    .split('/')
    .slice(1)
    .reduce((v, key) => v?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], value);
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  const found = await modelOf(object.apiVersion, object.kind);
  if (!found) {
    results.push({ schema: null, errors: [] });
    continue;
  }
  const { proxy, records } = recorder(object);
  const errors = [];
  try {
    found.Model.prototype.validate.call(proxy);
  } catch (err) {
    const details = Array.isArray(err.errors) ? err.errors : [{ instancePath: '', message: err.message }];
    errors.push(
      ...details
        .filter((e) => !(e.keyword === 'enum' && at(object, e.instancePath) === ''))
        .map((e) => `${e.instancePath || '/'} ${e.message}`),
    );
  }
  results.push({ schema: found.schema, errors: [...errors, ...unknownFields(object, '', records, [])] });
}
process.stdout.write(`${JSON.stringify(results)}\n`);
