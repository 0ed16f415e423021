import { type TemplateJson, measureTemplate } from '../template-graph';
import { type DeployModel, deployModel } from './deploy-model';

/** CloudFormation's hard limits a template is measured against. */
export const CFN_LIMITS = { templateBytes: 1_000_000, resources: 500 } as const;

export interface StackInput {
  readonly stackName: string;
  readonly template: TemplateJson;
  readonly templateBytes: number;
  /** Bytes of the file and directory assets the stack publishes. */
  readonly assetBytes: number;
}

export interface StackBudget {
  readonly stackName: string;
  readonly resourcesByType: readonly (readonly [string, number])[];
  readonly measures: ReturnType<typeof measureTemplate>;
  readonly templateBytes: number;
  readonly assetBytes: number;
}

export function stackBudget(input: StackInput): StackBudget {
  const counts = new Map<string, number>();
  for (const r of Object.values(input.template.Resources ?? {}))
    counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
  return {
    stackName: input.stackName,
    resourcesByType: [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    measures: measureTemplate(input.template),
    templateBytes: input.templateBytes,
    assetBytes: input.assetBytes,
  };
}

/** The logical id of the manifest resource that carries the tier Applications. */
export function applicationsManifestId(template: TemplateJson): string | undefined {
  return Object.entries(template.Resources ?? {}).find(
    ([, r]) =>
      r.Type === 'Custom::AWSCDK-EKS-KubernetesResource' &&
      JSON.stringify(r).includes('argoproj.io/v1alpha1'),
  )?.[0];
}

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;
const min = (s: number) => `${(s / 60).toFixed(1)} min`;

export function renderBudget(
  stacks: readonly StackBudget[],
  model?: { stackName: string; model: DeployModel },
): string {
  const lines = [
    '# Template budget',
    '',
    '| stack | resources | Lambda functions | custom resources | nested stacks | `Fn::ImportValue` | longest chain | template bytes | asset bytes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...stacks.map(
      (s) =>
        `| ${s.stackName} | ${s.measures.resources} (${pct(s.measures.resources, CFN_LIMITS.resources)} of ${CFN_LIMITS.resources}) | ${s.measures.lambdaFunctions} | ${s.measures.customResources} | ${s.measures.nestedStacks} | ${s.measures.importValues} | ${s.measures.longestChain} | ${s.templateBytes} (${pct(s.templateBytes, CFN_LIMITS.templateBytes)} of 1 MB) | ${s.assetBytes} |`,
    ),
    '',
  ];
  for (const s of stacks) {
    lines.push(
      `## ${s.stackName}`,
      '',
      `Longest dependency chain: ${s.measures.longestChainPath.join(' → ')}`,
      '',
    );
    lines.push(
      '| resource type | count |',
      '| --- | ---: |',
      ...s.resourcesByType.map(([t, n]) => `| ${t} | ${n} |`),
      '',
    );
  }
  if (model) {
    const m = model.model;
    lines.push(
      `## Modeled deploy path: ${model.stackName}`,
      '',
      'Typical per-type times (`lib/ops/perf/deploy-model.ts`, each with its source) over the dependency graph.',
      '',
      '| | modeled | floor (control plane + node group) |',
      '| --- | ---: | ---: |',
      `| create, whole stack | ${min(m.create.seconds)} | ${min(m.createFloorSeconds)} |`,
      `| create, to tier 1 ready (Applications applied + ArgoCD waves) | ${min(m.tier1ReadySeconds)} | ${min(m.createFloorSeconds)} |`,
      `| delete | ${min(m.delete.seconds)} | ${min(m.deleteFloorSeconds)} |`,
      '',
      `Create critical path: ${m.create.path.join(' → ')}`,
      '',
      `Delete critical path: ${m.delete.path.join(' → ')}`,
      '',
    );
  }
  return lines.join('\n');
}

export { deployModel };
