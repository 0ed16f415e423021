import { type TemplateJson, resourceDependencies } from '../template-graph';

/**
 * A model of how long CloudFormation takes to create and delete a stack: the template's
 * dependency graph weighted by typical per-type times. CloudFormation works on every resource
 * whose dependencies are done, in parallel, so the stack takes as long as its heaviest path.
 */

/** Typical seconds to create and to delete one resource of a type, with where the figure comes from. */
export interface TypicalTime {
  readonly create: number;
  readonly delete: number;
  readonly source: string;
}

const IAM = 'IAM is eventually consistent; CloudFormation waits for propagation (seconds)';

export const TYPICAL_SECONDS: { readonly [type: string]: TypicalTime } = {
  'AWS::EKS::Cluster': {
    create: 600,
    delete: 300,
    source:
      'EKS control plane: ~10 min today (aws/containers-roadmap#1227 tracked it down from 15 min); deletion ~5 min',
  },
  'AWS::EKS::Nodegroup': {
    create: 240,
    delete: 300,
    source: 'managed node group CREATING to ACTIVE: 2-5 min; deletion drains and terminates the instances',
  },
  'AWS::EKS::Addon': { create: 60, delete: 30, source: 'EKS managed add-on to ACTIVE: about a minute' },
  'AWS::EKS::AccessEntry': { create: 5, delete: 5, source: 'EKS API call' },
  'AWS::EKS::AccessPolicyAssociation': { create: 5, delete: 5, source: 'EKS API call' },
  'AWS::EKS::PodIdentityAssociation': { create: 5, delete: 5, source: 'EKS API call' },
  'Custom::AWSCDK-EKS-HelmChart': {
    create: 240,
    delete: 60,
    source:
      'helm install with --wait of the argo-cd chart: pods pulled and Ready, a few minutes (timeout 10 min)',
  },
  'Custom::AWSCDK-EKS-KubernetesResource': {
    create: 30,
    delete: 60,
    source: 'kubectl apply; delete waits for finalizers',
  },
  'Custom::BuildSweeper': {
    create: 5,
    delete: 180,
    source: 'sweeper: no-op on create; on delete bounded by its own deadline',
  },
  'Custom::BuildUninstall': {
    create: 5,
    delete: 300,
    source:
      'uninstall: no-op on create; on delete the Applications of tiers 2 to 1 go in turn (load balancers and volumes with them), typically a few minutes, bounded by its deadline',
  },
  'AWS::Lambda::Function': { create: 15, delete: 5, source: 'Lambda create with a VPC-less role' },
  'AWS::IAM::Role': { create: 10, delete: 5, source: IAM },
  'AWS::IAM::Policy': { create: 10, delete: 5, source: IAM },
  'AWS::IAM::ManagedPolicy': { create: 10, delete: 5, source: IAM },
  'AWS::KMS::Key': { create: 20, delete: 5, source: 'KMS key create; deletion only schedules it' },
  'AWS::EC2::SecurityGroup': {
    create: 5,
    delete: 10,
    source: 'EC2 API call; delete waits for ENIs to detach',
  },
  'AWS::EC2::LaunchTemplate': { create: 5, delete: 5, source: 'EC2 API call' },
};

/** Anything not in the table (parameters-only resources, tags, small API calls). */
export const DEFAULT_TYPICAL: TypicalTime = { create: 5, delete: 5, source: 'a single API call' };

/**
 * ArgoCD's sync of tier 1 after the bootstrap manifest lands: each sync wave waits for the
 * previous one to be Healthy. Helm installs of controllers take ~30-60 s each; nine apps in nine
 * waves.
 */
export const TIER1_SYNC_SECONDS_PER_WAVE = 45;

export interface CriticalPath {
  readonly seconds: number;
  /** Logical ids, in the order CloudFormation works on them. */
  readonly path: readonly string[];
}

function timeOf(template: TemplateJson, id: string, phase: 'create' | 'delete'): number {
  const type = template.Resources?.[id]?.Type ?? '';
  return (TYPICAL_SECONDS[type] ?? DEFAULT_TYPICAL)[phase];
}

function heaviestPath(
  nodes: readonly string[],
  edges: Map<string, Set<string>>,
  weight: (id: string) => number,
): CriticalPath {
  const memo = new Map<string, CriticalPath>();
  const visit = (id: string, stack: Set<string>): CriticalPath => {
    const known = memo.get(id);
    if (known) return known;
    if (stack.has(id)) throw new Error(`Dependency cycle through ${id}`);
    stack.add(id);
    let best: CriticalPath = { seconds: 0, path: [] };
    for (const before of [...(edges.get(id) ?? [])].sort()) {
      const p = visit(before, stack);
      if (p.seconds > best.seconds) best = p;
    }
    stack.delete(id);
    const result = { seconds: best.seconds + weight(id), path: [...best.path, id] };
    memo.set(id, result);
    return result;
  };
  let worst: CriticalPath = { seconds: 0, path: [] };
  for (const id of [...nodes].sort()) {
    const p = visit(id, new Set());
    if (p.seconds > worst.seconds) worst = p;
  }
  return worst;
}

/** The heaviest chain of creations, each waiting for what it references. */
export function createPath(template: TemplateJson): CriticalPath {
  const deps = resourceDependencies(template);
  return heaviestPath([...deps.keys()], deps, (id) => timeOf(template, id, 'create'));
}

/** The path to one resource being created (for example the manifest that carries tier 1). */
export function createPathTo(template: TemplateJson, target: string): CriticalPath {
  const deps = resourceDependencies(template);
  return heaviestPath([target], deps, (id) => timeOf(template, id, 'create'));
}

/** The heaviest chain of deletions: a resource goes only after everything that references it. */
export function deletePath(template: TemplateJson): CriticalPath {
  const deps = resourceDependencies(template);
  const dependents = new Map<string, Set<string>>([...deps.keys()].map((id) => [id, new Set<string>()]));
  for (const [id, befores] of deps) for (const b of befores) dependents.get(b)?.add(id);
  return heaviestPath([...deps.keys()], dependents, (id) => timeOf(template, id, 'delete'));
}

/** Control plane plus node group: no EKS stack with nodes is faster than this. */
export function floorSeconds(phase: 'create' | 'delete'): number {
  return TYPICAL_SECONDS['AWS::EKS::Cluster'][phase] + TYPICAL_SECONDS['AWS::EKS::Nodegroup'][phase];
}

export interface DeployModel {
  readonly create: CriticalPath;
  /** Create path to the manifest that carries the Applications, plus ArgoCD's tier-1 waves. */
  readonly tier1ReadySeconds: number;
  readonly delete: CriticalPath;
  readonly createFloorSeconds: number;
  readonly deleteFloorSeconds: number;
}

/**
 * Models an Ephemeral stack. `applicationsManifest` is the logical id of the manifest resource
 * carrying the Applications; `tier1Waves` the number of distinct sync waves of tier 1.
 */
export function deployModel(
  template: TemplateJson,
  applicationsManifest: string,
  tier1Waves: number,
): DeployModel {
  return {
    create: createPath(template),
    tier1ReadySeconds:
      createPathTo(template, applicationsManifest).seconds + tier1Waves * TIER1_SYNC_SECONDS_PER_WAVE,
    delete: deletePath(template),
    createFloorSeconds: floorSeconds('create'),
    deleteFloorSeconds: floorSeconds('delete'),
  };
}
