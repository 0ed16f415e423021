import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readSnapshot } from '../../../../lib/ops/diff/snapshot';
import { UserInputError } from '../../../../lib/model/errors';

/** Writes `files` (path relative to `root` → content; objects as JSON) under `root`. */
function writeTree(root: string, files: Record<string, unknown>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
}

const stackArtifact = (templateFile: string, stackName?: string) => ({
  type: 'aws:cloudformation:stack',
  properties: { templateFile, ...(stackName ? { stackName } : {}) },
});
const TEMPLATE = { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } };

describe('readSnapshot', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'goldenpath-snapshot-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('one assembly: templates by stack name (the artifact id when it has none), manifests by relative path', () => {
    writeTree(dir, {
      'manifest.json': {
        artifacts: {
          Foundation: stackArtifact('Foundation.template.json', 'goldenpath-dev-foundation'),
          Other: stackArtifact('Other.template.json'),
          Tree: { type: 'cdk:tree' },
        },
      },
      'Foundation.template.json': TEMPLATE,
      'Other.template.json': {},
      'manifests/goldenpath-dev-foundation/apps/a.yaml': 'a: 1\n',
      'manifests/goldenpath-dev-foundation/gating.json': '{}',
      'manifests/goldenpath-dev-foundation/README.txt': 'not a manifest',
    });
    const snapshot = readSnapshot(dir, '--base');
    expect([...snapshot.keys()]).toEqual(['goldenpath-dev-foundation', 'Other']);
    expect(snapshot.get('goldenpath-dev-foundation')).toEqual({
      stackName: 'goldenpath-dev-foundation',
      template: TEMPLATE,
      manifestFiles: new Map([
        ['apps/a.yaml', 'a: 1\n'],
        ['gating.json', '{}'],
      ]),
    });
    expect(snapshot.get('Other')).toEqual({ stackName: 'Other', template: {}, manifestFiles: new Map() });
  });

  test('a directory of assemblies, one per environment, merges into one map; nested assemblies are read too', () => {
    writeTree(dir, {
      'dev/manifest.json': {
        artifacts: { Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'stage' } } },
      },
      'dev/stage/manifest.json': {
        artifacts: { F: stackArtifact('F.template.json', 'goldenpath-dev-foundation') },
      },
      'dev/stage/F.template.json': TEMPLATE,
      'prod/manifest.json': {
        artifacts: { F: stackArtifact('F.template.json', 'goldenpath-prod-foundation') },
      },
      'prod/F.template.json': TEMPLATE,
      'notes/README.md': 'no manifest.json here',
    });
    expect([...readSnapshot(dir, '--head').keys()]).toEqual([
      'goldenpath-dev-foundation',
      'goldenpath-prod-foundation',
    ]);
  });

  test('manifests of a stack with no template are read as a stack without one', () => {
    writeTree(dir, {
      'manifest.json': { artifacts: {} },
      'manifests/goldenpath-dev-persistent/applications.yaml': 'kind: x\n',
      'manifests/stray-file.yaml': 'not under a stack directory',
    });
    expect([...readSnapshot(dir, '--head').values()]).toEqual([
      {
        stackName: 'goldenpath-dev-persistent',
        manifestFiles: new Map([['applications.yaml', 'kind: x\n']]),
      },
    ]);
  });

  test.each([
    ['a missing path', (d: string) => join(d, 'nope')],
    ['a file', (d: string) => join(d, 'file.json')],
  ])('%s is refused, naming the flag and the value', (_name, pathOf) => {
    writeTree(dir, { 'file.json': '{}' });
    const path = pathOf(dir);
    const read = () => readSnapshot(path, '--base');
    expect(read).toThrow(UserInputError);
    expect(read).toThrow(
      `Invalid --base: --base "${path}": not a directory; allowed: a git ref, or a directory of cloud assemblies`,
    );
  });
});
