import { CrdSchemas, structuralToJsonSchema } from '../../../../lib/ops/charts/crd-schema';
import type { KubeObject } from '../../../../lib/ops/charts/kube-object';

type Schema = Record<string, unknown>;
type Version = { name: string; served: boolean; schema?: { openAPIV3Schema: Schema } };

/** A CRD for `<kind>`s of `test.io`, with the versions given. */
function crd(
  kind: string,
  versions: Version[],
  name: string | null = `${kind.toLowerCase()}s.test.io`,
): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    ...(name ? { metadata: { name } } : {}),
    spec: { group: 'test.io', names: { kind }, scope: 'Namespaced', versions },
  };
}

/** CrdSchemas knowing one kind, `test.io/v1` Thing, whose schema is `openAPIV3Schema`. */
const thingSchemas = (openAPIV3Schema: Schema) =>
  new CrdSchemas([crd('Thing', [{ name: 'v1', served: true, schema: { openAPIV3Schema } }])]);

/** The problems CrdSchemas finds in `spec` of a Thing whose v1 has the `spec` schema `specSchema`. */
function problems(specSchema: Schema, spec: unknown): readonly string[] | string {
  const schemas = thingSchemas({ type: 'object', properties: { spec: specSchema } });
  const result = schemas.check({ apiVersion: 'test.io/v1', kind: 'Thing', metadata: { name: 't' }, spec });
  return result.kind === 'checked' ? result.errors : result.kind;
}

describe('structuralToJsonSchema', () => {
  test('keeps what validates, drops what documents or the API server evaluates itself (defaults, CEL)', () => {
    const out = structuralToJsonSchema({
      type: 'object',
      description: 'A thing.',
      properties: {
        apiVersion: { type: 'string', enum: ['test.io/v1'] },
        spec: {
          type: 'object',
          title: 'Spec',
          'x-kubernetes-validations': [{ rule: 'self.size > 0' }],
          properties: { size: { type: 'integer', default: 1, minimum: 0, example: 3, nullable: true } },
        },
      },
    });
    expect(out.properties).toMatchObject({
      apiVersion: { type: 'string', enum: ['test.io/v1'] },
      kind: { type: 'string' },
      spec: {
        type: 'object',
        additionalProperties: false,
        properties: { size: { type: 'integer', minimum: 0 } },
      },
    });
    expect(out.description).toBeUndefined();
    expect(JSON.stringify(out)).not.toMatch(
      /"(title|default|example|nullable|externalDocs|x-kubernetes-[a-z-]+)"/,
    );
  });

  test('the root is closed unless the CRD preserves unknown fields there', () => {
    expect([
      structuralToJsonSchema({ type: 'object' }).additionalProperties,
      structuralToJsonSchema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true })
        .additionalProperties,
    ]).toEqual([false, undefined]);
  });
});

describe('CrdSchemas.check', () => {
  test('metadata is ObjectMeta: typed, closed, with the constraints the CRD adds', () => {
    const schemas = thingSchemas({
      type: 'object',
      properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } } },
    });
    const thing = (metadata: Schema) => schemas.check({ apiVersion: 'test.io/v1', kind: 'Thing', metadata });
    expect([
      thing({
        name: 'short',
        namespace: 'n',
        labels: { a: 'b' },
        annotations: {},
        finalizers: ['f'],
        generation: 2,
      }),
      thing({ name: 'too-long', labels: { a: 1 }, generation: 1.5 }),
    ]).toEqual([
      { kind: 'checked', crd: 'things.test.io', errors: [] },
      {
        kind: 'checked',
        crd: 'things.test.io',
        errors: [
          '/metadata/name must NOT have more than 5 characters',
          '/metadata/labels/a must be string',
          '/metadata/generation must be integer',
        ],
      },
    ]);
  });

  test('objects inside lists and string-keyed maps are closed too', () => {
    const spec = {
      type: 'object',
      properties: {
        list: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } },
        ports: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { port: { type: 'integer' } } },
        },
      },
    };
    expect(
      problems(spec, { list: [{ n: 1 }, { n: 2, x: 1 }], ports: { http: { port: 80, proto: 'TCP' } } }),
    ).toEqual(['/spec/list/1/x: unknown field', '/spec/ports/http/proto: unknown field']);
  });

  test('anyOf, allOf and not only check values: their branches never close an object', () => {
    const spec = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      anyOf: [{ required: ['a'] }, { required: ['b'] }],
      allOf: [{ properties: { a: { maxLength: 3 } } }],
      not: { properties: { b: { enum: ['forbidden'] } }, required: ['b'] },
    };
    expect([
      problems(spec, { a: 'abc', b: 'ok' }),
      problems(spec, { a: 'abcd' }),
      problems(spec, { b: 'forbidden' }),
      problems(spec, {}),
    ]).toEqual([
      [],
      ['/spec/a must NOT have more than 3 characters'],
      ['/spec must NOT be valid'],
      [
        "/spec must have required property 'a'",
        "/spec must have required property 'b'",
        '/spec must match a schema in anyOf',
      ],
    ]);
  });

  test('int-or-string without its own anyOf admits an integer or a string, nothing else', () => {
    const spec = { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true } } };
    expect([
      problems(spec, { port: 80 }),
      problems(spec, { port: 'http' }),
      problems(spec, { port: true }),
    ]).toEqual([[], [], ['/spec/port must be integer,string']]);
  });

  test('an embedded resource has a typed apiVersion and kind, and may carry the fields it preserves', () => {
    const spec = {
      type: 'object',
      properties: {
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    };
    expect([
      problems(spec, {
        template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } },
      }),
      problems(spec, { template: { apiVersion: 1, kind: 'ConfigMap' } }),
    ]).toEqual([[], ['/spec/template/apiVersion must be string']]);
  });

  test('null fields are dropped at any depth before validation, as the API server does', () => {
    const spec = {
      type: 'object',
      properties: {
        list: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } },
      },
    };
    expect(problems(spec, { list: [{ n: 1, x: null }], undeclared: null })).toEqual([]);
  });

  test('a pattern is case-sensitive unless it starts with (?i), which makes all of it case-insensitive', () => {
    const spec = {
      type: 'object',
      properties: {
        plain: { type: 'string', pattern: '^[a-z]+$' },
        anyCase: { type: 'string', pattern: '(?i)^on|off$' },
      },
    };
    expect([
      problems(spec, { plain: 'abc', anyCase: 'ON' }),
      problems(spec, { plain: 'ABC', anyCase: 'maybe' }),
    ]).toEqual([
      [],
      ['/spec/plain must match pattern "^[a-z]+$"', '/spec/anyCase must match pattern "(?i)^on|off$"'],
    ]);
  });

  test('a root that preserves unknown fields admits them; a root error is reported at /', () => {
    const schemas = thingSchemas({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      required: ['spec'],
    });
    expect([
      schemas.check({ apiVersion: 'test.io/v1', kind: 'Thing', spec: {}, data: { free: 'form' } }),
      schemas.check({ apiVersion: 'test.io/v1', kind: 'Thing', data: {} }),
    ]).toEqual([
      { kind: 'checked', crd: 'things.test.io', errors: [] },
      { kind: 'checked', crd: 'things.test.io', errors: ["/ must have required property 'spec'"] },
    ]);
  });

  test('a version served without a schema, or a CRD serving no version, is not-served with what it serves', () => {
    const schemas = new CrdSchemas([
      crd('Thing', [
        { name: 'v1', served: true },
        { name: 'v2', served: true, schema: { openAPIV3Schema: { type: 'object' } } },
      ]),
      crd('Gone', [{ name: 'v1', served: false, schema: { openAPIV3Schema: { type: 'object' } } }]),
    ]);
    expect([
      schemas.check({ apiVersion: 'test.io/v1', kind: 'Thing' }),
      schemas.check({ apiVersion: 'test.io/v1', kind: 'Gone' }),
    ]).toEqual([
      {
        kind: 'not-served',
        crd: 'things.test.io',
        error: 'CRD things.test.io does not serve v1 with a schema (serves: v1, v2)',
      },
      {
        kind: 'not-served',
        crd: 'gones.test.io',
        error: 'CRD gones.test.io does not serve v1 (serves: none)',
      },
    ]);
  });

  test('a kind is known by group and kind together, only from apiextensions.k8s.io/v1 CRDs', () => {
    const v1beta1 = { ...crd('Old', [{ name: 'v1', served: true, schema: { openAPIV3Schema: {} } }]) };
    const schemas = new CrdSchemas([
      crd('Thing', [{ name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object' } } }]),
      { ...v1beta1, apiVersion: 'apiextensions.k8s.io/v1beta1' },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-a-crd' } },
    ]);
    expect([
      schemas.check({ apiVersion: 'other.io/v1', kind: 'Thing' }).kind,
      schemas.check({ apiVersion: 'test.io/v1', kind: 'Other' }).kind,
      schemas.check({ apiVersion: 'test.io/v1', kind: 'Old' }).kind,
      schemas.check({ apiVersion: 'test.io/v1', kind: 'Thing' }).kind,
    ]).toEqual(['no-crd', 'no-crd', 'no-crd', 'checked']);
  });

  test('a CRD without a name is named "(no name)" in what it reports', () => {
    const schemas = new CrdSchemas([
      crd('Thing', [{ name: 'v1', served: false, schema: { openAPIV3Schema: { type: 'object' } } }], null),
    ]);
    expect(schemas.check({ apiVersion: 'test.io/v1', kind: 'Thing' })).toEqual({
      kind: 'not-served',
      crd: '(no name)',
      error: 'CRD (no name) does not serve v1 (serves: none)',
    });
  });
});
