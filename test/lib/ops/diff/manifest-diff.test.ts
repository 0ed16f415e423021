import {
  diffManifests,
  isKubernetesObject,
  parseManifestFiles,
} from '../../../../lib/ops/diff/manifest-diff';

const yaml = (...lines: string[]): string => lines.join('\n') + '\n';
const keysOf = (files: [string, string][]): string[] => parseManifestFiles(new Map(files)).map((d) => d.key);

describe('isKubernetesObject', () => {
  test.each([
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, true],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, false],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 7 } }, false],
    [{ kind: 'ConfigMap', metadata: { name: 'x' } }, false],
    [{ apiVersion: 'v1', metadata: { name: 'x' } }, false],
    [null, false],
    ['v1 ConfigMap x', false],
  ])('%j → %s', (value, expected) => {
    expect(isKubernetesObject(value)).toBe(expected);
  });
});

describe('parseManifestFiles', () => {
  test('keys Kubernetes objects by apiVersion, kind, namespace and name; cluster-scoped without namespace', () => {
    const content = yaml(
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: { name: argocd }',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: argocd-cm, namespace: argocd }',
    );
    expect(keysOf([['a/apps.yaml', content]])).toEqual([
      'v1 Namespace argocd',
      'v1 ConfigMap argocd/argocd-cm',
    ]);
  });

  test('anything else is keyed by its file, numbered when the file holds several documents', () => {
    expect(
      keysOf([
        ['gating.json', '{"selected": []}'],
        ['notes.yml', yaml('a: 1', '---', 'b: 2')],
      ]),
    ).toEqual(['file gating.json', 'file notes.yml#1', 'file notes.yml#2']);
  });

  test('the same key twice gets a count, so neither document is lost', () => {
    const cm = yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: x, namespace: y }');
    expect(
      keysOf([
        ['one.yaml', cm],
        ['two.yaml', cm],
      ]),
    ).toEqual(['v1 ConfigMap y/x', 'v1 ConfigMap y/x (2)']);
  });

  test('a List is split into its items; a JSON array of objects into its elements', () => {
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' } }],
    });
    const array = JSON.stringify([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'n' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'n' } },
    ]);
    expect(
      keysOf([
        ['list.json', list],
        ['array.json', array],
      ]),
    ).toEqual(['v1 Secret n/s', 'v1 Service n/a', 'v1 Service n/b']);
  });

  test('a JSON array that is not all Kubernetes objects stays one document', () => {
    const docs = parseManifestFiles(new Map([['values.json', '[1, {"a": 2}]']]));
    expect(docs).toEqual([{ key: 'file values.json', value: [1, { a: 2 }], text: '- 1\n- a: 2\n' }]);
  });

  test('empty YAML documents are skipped', () => {
    expect(keysOf([['empty.yaml', yaml('---', '---', 'a: 1', '---')]])).toEqual(['file empty.yaml']);
  });

  test('the text is canonical: map keys sorted, long lines not folded', () => {
    const long = 'x'.repeat(200);
    const [doc] = parseManifestFiles(new Map([['v.yaml', yaml('z: 1', `a: ${long}`)]]));
    expect(doc.text).toBe(`a: ${long}\nz: 1\n`);
  });

  test.each([
    ['bad.json', '{"a": ', /^manifest bad\.json: not valid JSON: .+/],
    ['bad.yaml', 'a: [1, 2', /^manifest bad\.yaml: not valid YAML: .+/],
  ])('a file that does not parse is an error naming it: %s', (path, content, message) => {
    expect(() => parseManifestFiles(new Map([[path, content]]))).toThrow(message);
  });
});

describe('diffManifests', () => {
  const docs = (content: string) => parseManifestFiles(new Map([['m.yaml', content]]));
  const cm = (name: string, data: string) =>
    yaml('apiVersion: v1', 'kind: ConfigMap', `metadata: { name: ${name}, namespace: ns }`, `data: ${data}`);

  test('added and removed keys are sorted; a changed document comes with its unified diff', () => {
    const base = docs([cm('b', '{ k: "1" }'), cm('old', '{}')].join('---\n'));
    const head = docs([cm('z', '{}'), cm('b', '{ k: "2" }'), cm('a', '{}')].join('---\n'));
    expect(diffManifests(base, head)).toEqual({
      added: ['v1 ConfigMap ns/a', 'v1 ConfigMap ns/z'],
      removed: ['v1 ConfigMap ns/old'],
      changed: [
        {
          key: 'v1 ConfigMap ns/b',
          diff: [
            '--- base v1 ConfigMap ns/b',
            '+++ head v1 ConfigMap ns/b',
            '@@ -1,6 +1,6 @@',
            ' apiVersion: v1',
            ' data:',
            '-  k: "1"',
            '+  k: "2"',
            ' kind: ConfigMap',
            ' metadata:',
            '   name: b',
          ].join('\n'),
        },
      ],
    });
  });

  test('key order alone is no change', () => {
    const reordered = yaml(
      'metadata: { namespace: ns, name: b }',
      'data: { k: "1" }',
      'kind: ConfigMap',
      'apiVersion: v1',
    );
    expect(diffManifests(docs(cm('b', '{ k: "1" }')), docs(reordered))).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
  });
});
