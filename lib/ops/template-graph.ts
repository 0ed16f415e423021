/**
 * Structural measures of a synthesized CloudFormation template: how many slow things it holds
 * and how many of them must happen one after another. Pure functions over the template JSON, so
 * tests and the CI budget report measure the same way.
 */

/** A CloudFormation template as JSON (what `Template.fromStack(...).toJSON()` returns). */
export interface TemplateJson {
  readonly Resources?: {
    readonly [logicalId: string]: { readonly Type: string; readonly [key: string]: unknown };
  };
  readonly [section: string]: unknown;
}

/** The counts the template budget is stated in. */
export interface TemplateMeasures {
  readonly resources: number;
  readonly lambdaFunctions: number;
  /** `AWS::CloudFormation::CustomResource` and `Custom::*` resources. */
  readonly customResources: number;
  readonly nestedStacks: number;
  readonly importValues: number;
  /** Resources on the longest `Ref` / `Fn::GetAtt` / `Fn::Sub` / `DependsOn` path. */
  readonly longestChain: number;
  /** One longest path, first-created resource first. */
  readonly longestChainPath: readonly string[];
}

/**
 * The resources each resource depends on, through `Ref`, `Fn::GetAtt`, `${X}` in `Fn::Sub` and
 * `DependsOn`. References to parameters, pseudo parameters and conditions are not edges.
 */
export function resourceDependencies(template: TemplateJson): Map<string, Set<string>> {
  const resources = template.Resources ?? {};
  const ids = new Set(Object.keys(resources));
  const deps = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    const out = new Set<string>();
    const add = (target: unknown) => {
      if (typeof target === 'string' && ids.has(target) && target !== id) out.add(target);
    };
    const dependsOn = resource.DependsOn;
    (Array.isArray(dependsOn) ? dependsOn : [dependsOn]).forEach(add);
    walk(resource, (node) => {
      if ('Ref' in node) add(node.Ref);
      const getAtt = node['Fn::GetAtt'];
      if (Array.isArray(getAtt)) add(getAtt[0]);
      else if (typeof getAtt === 'string') add(getAtt.split('.')[0]);
      const sub = node['Fn::Sub'];
      const subText: unknown = Array.isArray(sub) ? sub[0] : sub;
      if (typeof subText === 'string') {
        for (const m of subText.matchAll(/\$\{([^!}][^}.]*)(\.[^}]*)?\}/g)) add(m[1]);
      }
    });
    deps.set(id, out);
  }
  return deps;
}

/** Measures a template against the budget's terms. */
export function measureTemplate(template: TemplateJson): TemplateMeasures {
  const resources = Object.values(template.Resources ?? {});
  const ofType = (test: (type: string) => boolean) => resources.filter((r) => test(r.Type)).length;
  let importValues = 0;
  walk(template, (node) => {
    if ('Fn::ImportValue' in node) importValues++;
  });
  const path = longestPath(resourceDependencies(template));
  return {
    resources: resources.length,
    lambdaFunctions: ofType((t) => t === 'AWS::Lambda::Function'),
    customResources: ofType((t) => t === 'AWS::CloudFormation::CustomResource' || t.startsWith('Custom::')),
    nestedStacks: ofType((t) => t === 'AWS::CloudFormation::Stack'),
    importValues,
    longestChain: path.length,
    longestChainPath: path,
  };
}

function longestPath(deps: Map<string, Set<string>>): string[] {
  const memo = new Map<string, string[]>();
  const visiting = new Set<string>();
  const from = (id: string): string[] => {
    const known = memo.get(id);
    if (known) return known;
    // CloudFormation refuses cycles; guard anyway so a malformed input cannot recurse forever.
    if (visiting.has(id)) throw new Error(`Dependency cycle through ${id}`);
    visiting.add(id);
    let best: string[] = [];
    for (const dep of [...(deps.get(id) ?? [])].sort()) {
      const p = from(dep);
      if (p.length > best.length) best = p;
    }
    visiting.delete(id);
    const path = [...best, id];
    memo.set(id, path);
    return path;
  };
  let longest: string[] = [];
  for (const id of [...deps.keys()].sort()) {
    const p = from(id);
    if (p.length > longest.length) longest = p;
  }
  return longest;
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v) => walk(v, visit));
  } else if (typeof value === 'object' && value !== null) {
    const node = value as Record<string, unknown>;
    visit(node);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

/** Every resource `id` depends on, directly or through others (the order CloudFormation deletes in reverse). */
export function transitiveDependencies(deps: Map<string, Set<string>>, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(deps.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(deps.get(next) ?? []));
  }
  return seen;
}
