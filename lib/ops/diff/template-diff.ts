import { Writable } from 'node:stream';
import {
  formatDifferences,
  fullDiff,
  ResourceImpact,
  type ResourceDifference,
} from '@aws-cdk/cloudformation-diff';
import type { Template } from './snapshot';

/** A resource that will be replaced, deleted or orphaned. */
export interface Replacement {
  readonly logicalId: string;
  readonly type: string;
  readonly impact: 'will be replaced' | 'may be replaced' | 'will be destroyed' | 'will be orphaned';
  /** The properties whose change causes it. @default - none (the resource is removed) */
  readonly causes: readonly string[];
}

/** An IAM policy statement added (`+`) or removed (`-`) from any policy document of a resource. */
export interface StatementChange {
  readonly sign: '+' | '-';
  readonly logicalId: string;
  readonly effect: string;
  readonly action: string;
  readonly resource: string;
  readonly principal: string;
  readonly condition: string;
}

/** How one stack's template changed. */
export interface TemplateChanges {
  readonly status: 'added' | 'removed' | 'changed';
  readonly resourceChanges: number;
  readonly replacements: readonly Replacement[];
  readonly iamStatements: readonly StatementChange[];
  /** cloudformation-diff's judgement (IAM or security groups) */
  readonly permissionsBroadened: boolean;
  /** Security group rule rows (`+`/`-`, group, direction, protocol, peer). */
  readonly securityGroupRows: readonly (readonly string[])[];
  /** cloudformation-diff's rendering of the whole diff, without colours. */
  readonly text: string;
}

const IMPACTS: { readonly [I in ResourceImpact]?: Replacement['impact'] } = {
  [ResourceImpact.WILL_REPLACE]: 'will be replaced',
  [ResourceImpact.MAY_REPLACE]: 'may be replaced',
  [ResourceImpact.WILL_DESTROY]: 'will be destroyed',
  [ResourceImpact.WILL_ORPHAN]: 'will be orphaned',
};

/** Properties that hold IAM policy documents, by the resource types that use them. */
const POLICY_PROPERTIES = ['PolicyDocument', 'AssumeRolePolicyDocument', 'KeyPolicy'];

/**
 * Compares two versions of one stack's template with @aws-cdk/cloudformation-diff.
 *
 * @returns `undefined` when nothing changed
 */
export function diffTemplate(
  base: Template | undefined,
  head: Template | undefined,
): TemplateChanges | undefined {
  const diff = fullDiff(base ?? {}, head ?? {});
  if (diff.isEmpty) return undefined;
  const replacements: Replacement[] = [];
  const iamStatements: StatementChange[] = [];
  let resourceChanges = 0;
  diff.resources.forEachDifference((logicalId, change) => {
    resourceChanges++;
    // A removed stack is one line in the report, not one per resource.
    if (head === undefined) return;
    const impact = IMPACTS[change.changeImpact];
    if (impact)
      replacements.push({
        logicalId,
        type: change.resourceType ?? '(unknown)',
        impact,
        causes: replacementCauses(change),
      });
    iamStatements.push(...statementChanges(logicalId, change));
  });
  return {
    status: base === undefined ? 'added' : head === undefined ? 'removed' : 'changed',
    resourceChanges,
    replacements,
    iamStatements,
    permissionsBroadened: diff.permissionsBroadened,
    securityGroupRows: diff.securityGroupChanges.hasChanges
      ? diff.securityGroupChanges
          .summarize()
          .slice(1)
          .map((row) => row.map(plain))
      : [],
    text: render((stream) => formatDifferences(stream, diff)),
  };
}

function replacementCauses(change: ResourceDifference): string[] {
  if (change.isRemoval) return [];
  return Object.entries(change.propertyUpdates)
    .filter(
      ([, p]) =>
        p.changeImpact === ResourceImpact.WILL_REPLACE || p.changeImpact === ResourceImpact.MAY_REPLACE,
    )
    .map(([name]) => name)
    .sort();
}

/**
 * Statements added to or removed from every policy document of a resource: cloudformation-diff's
 * own IAM table leaves out `AWS::IAM::ManagedPolicy` and KMS key policies, which this app uses.
 */
function statementChanges(logicalId: string, change: ResourceDifference): StatementChange[] {
  const before = policyStatements(change.oldProperties);
  const after = policyStatements(change.newProperties);
  const key = (s: unknown): string => JSON.stringify(s);
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  return [
    ...after.filter((s) => !beforeKeys.has(key(s))).map((s) => statementRow('+', logicalId, s)),
    ...before.filter((s) => !afterKeys.has(key(s))).map((s) => statementRow('-', logicalId, s)),
  ];
}

function policyStatements(properties: { [key: string]: unknown } | undefined): unknown[] {
  if (!properties) return [];
  const docs: unknown[] = POLICY_PROPERTIES.map((p) => properties[p]);
  if (Array.isArray(properties.Policies))
    docs.push(...properties.Policies.map((p) => (p as { PolicyDocument?: unknown }).PolicyDocument));
  return docs.flatMap((doc): unknown[] => {
    const statement = (doc as { Statement?: unknown } | undefined)?.Statement;
    return Array.isArray(statement) ? (statement as unknown[]) : statement === undefined ? [] : [statement];
  });
}

function statementRow(sign: '+' | '-', logicalId: string, statement: unknown): StatementChange {
  const s = (statement ?? {}) as Record<string, unknown>;
  const show = (...values: unknown[]): string => {
    const v = values.find((x) => x !== undefined);
    if (v === undefined) return '';
    return (Array.isArray(v) ? v : [v])
      .map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
      .join(', ');
  };
  const not = (name: string): string =>
    s[name] === undefined && s[`Not${name}`] !== undefined ? 'NOT ' : '';
  return {
    sign,
    logicalId,
    effect: show(s.Effect),
    action: not('Action') + show(s.Action, s.NotAction),
    resource: not('Resource') + show(s.Resource, s.NotResource),
    principal: not('Principal') + show(s.Principal, s.NotPrincipal),
    condition: show(s.Condition),
  };
}

function render(write: (stream: Writable) => void): string {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback): void {
      out += chunk.toString();
      callback();
    },
  });
  write(stream);
  return plain(out).trimEnd();
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Text without terminal colour codes (cloudformation-diff colours its output). */
function plain(text: string): string {
  return text.replace(ANSI, '');
}
