import { join } from 'node:path';
import { compareSnapshots, type DiffResult } from '../../../../lib/ops/diff/compare';
import { renderReport } from '../../../../lib/ops/diff/report';
import { readSnapshot } from '../../../../lib/ops/diff/snapshot';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'diff');

/** Compares the shared base fixture with the head fixture `name`. */
function compareWith(name: string): { result: DiffResult; markdown: string } {
  const result = compareSnapshots(
    readSnapshot(join(FIXTURES, 'base'), '--base'),
    readSnapshot(join(FIXTURES, name), '--head'),
  );
  return { result, markdown: renderReport(result, { baseLabel: 'base', headLabel: name }).markdown };
}

describe('compareSnapshots on fixture pairs', () => {
  test('no change: nothing reported', () => {
    const { result, markdown } = compareWith('no-change');
    expect(result.hasChanges).toBe(false);
    expect(result.stacks).toEqual([]);
    expect(result.tierChanges).toEqual([]);
    expect(result.stackCount).toBe(2);
    expect(markdown).toContain('✅ No changes');
  });

  test('an IAM statement widened: the added statement is at the top, nothing replaced', () => {
    const { result, markdown } = compareWith('iam-widened');
    expect(result.hasChanges).toBe(true);
    expect(result.stacks.map((s) => s.stackName)).toEqual(['goldenpath-dev-foundation']);
    const template = result.stacks[0].template!;
    expect(template.iamStatements).toEqual([
      {
        sign: '+',
        logicalId: 'ExternalSecretsRead',
        effect: 'Allow',
        action: 'secretsmanager:*',
        resource: '*',
        principal: '',
        condition: '',
      },
    ]);
    expect(template.replacements).toEqual([]);
    expect(markdown).toContain('⚠️ IAM: 1 statement added, 0 removed');
    expect(markdown).toContain(
      '| + | goldenpath-dev-foundation | ExternalSecretsRead | Allow | secretsmanager:* | * |  |  |',
    );
    expect(markdown.indexOf('### ⚠️ IAM policy statements')).toBeLessThan(
      markdown.indexOf('### CloudFormation templates'),
    );
  });

  test('the database replaced: named with the property that causes it', () => {
    const { result, markdown } = compareWith('database-replaced');
    expect(result.stacks[0].template!.replacements).toEqual([
      {
        logicalId: 'Database',
        type: 'AWS::RDS::DBInstance',
        impact: 'will be replaced',
        causes: ['DBInstanceIdentifier'],
      },
    ]);
    expect(result.stacks[0].template!.iamStatements).toEqual([]);
    expect(markdown).toContain('⚠️ 1 resource replaced or deleted');
    expect(markdown).toContain(
      '| goldenpath-dev-foundation | Database | AWS::RDS::DBInstance | will be replaced | DBInstanceIdentifier |',
    );
    expect(markdown.indexOf('### ⚠️ Replacements and deletions')).toBeLessThan(
      markdown.indexOf('### CloudFormation templates'),
    );
  });

  test('a security group opened to the world: its rule rows are at the top', () => {
    const { result, markdown } = compareWith('security-group-opened');
    expect(result.stacks[0].template!.securityGroupRows).toEqual([
      ['+', '${DatabaseSecurityGroup.GroupId}', 'In', 'TCP 5432', 'Everyone (IPv4)'],
      ['-', '${DatabaseSecurityGroup.GroupId}', 'In', 'TCP 5432', '10.0.0.0/16'],
    ]);
    expect(markdown).toContain('### ⚠️ Security group rules');
  });

  test('an app moved to another tier: the tier matrix shows before and after', () => {
    const { result, markdown } = compareWith('tier-moved');
    expect(result.tierChanges).toEqual([
      {
        stackName: 'goldenpath-dev-persistent',
        app: 'backstage',
        before: { tier: '2', selected: true },
        after: { tier: '1.5', selected: true },
      },
    ]);
    expect(result.stacks[0].template).toBeUndefined();
    expect(markdown).toContain('| goldenpath-dev-persistent | backstage | tier 2 | tier 1.5 |');
  });

  test('a manifest change: objects added and changed, each change as a unified diff', () => {
    const { result, markdown } = compareWith('manifest-changed');
    const manifests = result.stacks[0].manifests!;
    expect(manifests.added).toEqual(['v1 Namespace platform-tools']);
    expect(manifests.removed).toEqual([]);
    expect(manifests.changed.map((c) => c.key)).toEqual([
      'argoproj.io/v1alpha1 Application argocd/kong',
      'v1 ConfigMap argocd/argocd-cm',
    ]);
    expect(manifests.changed[0].diff).toContain('-    targetRevision: 2.51.0\n+    targetRevision: 2.52.0');
    expect(result.tierChanges).toEqual([]);
    expect(markdown).toContain('- added `v1 Namespace platform-tools`');
    expect(markdown).toContain('+  timeout.reconciliation: 180s');
  });

  test('a stack removed: one line at the top, not one per resource', () => {
    const base = readSnapshot(join(FIXTURES, 'base'), '--base');
    const head = new Map(base);
    head.delete('goldenpath-dev-persistent');
    const result = compareSnapshots(base, head);
    expect(result.stacks[0].template).toEqual(
      expect.objectContaining({ status: 'removed', replacements: [], iamStatements: [] }),
    );
    const markdown = renderReport(result, { baseLabel: 'base' }).markdown;
    expect(markdown).toContain('⚠️ 1 stack removed');
    expect(markdown).toContain('| goldenpath-dev-persistent | all 2 resources |  | stack removed |  |');
  });

  test('a stack only on one side: all its resources are added', () => {
    const base = readSnapshot(join(FIXTURES, 'base'), '--base');
    const head = new Map(base);
    head.delete('goldenpath-dev-persistent');
    const result = compareSnapshots(head, base);
    expect(result.stacks.map((s) => [s.stackName, s.template?.status])).toEqual([
      ['goldenpath-dev-persistent', 'added'],
    ]);
    expect(result.tierChanges.map((c) => [c.app, c.before, c.after?.tier])).toEqual([
      ['backstage', undefined, '2'],
      ['external-secrets', undefined, '1'],
      ['keycloak', undefined, '3'],
      ['kong', undefined, '1'],
      ['kube-prometheus-stack', undefined, '1.5'],
    ]);
  });
});
