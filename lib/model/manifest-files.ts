import { stringify } from 'yaml';
import { type GatingResult, gatingJson } from './gating';

/** What a cluster stack applies, as grouped by `tierManifests`. */
export interface RenderedTiers {
  readonly apps: { readonly [name: string]: readonly unknown[] };
  /** The tier hooks the root Application carries. @default - none */
  readonly hooks?: readonly unknown[];
  readonly guard: readonly unknown[];
  readonly gating: GatingResult;
}

/**
 * The files written for one cluster stack under `cdk.out/manifests/<stackName>/`: one YAML per
 * app (its Application, a child of the root), `hooks.yaml` (the tier hooks the root carries),
 * `guard.yaml`, and `gating.json`. `resolve` turns CDK tokens into something stable
 * (`Stack.resolve` gives CloudFormation intrinsics), so two synths of one revision write the
 * same bytes and the diff tooling can compare revisions.
 *
 * @returns file path relative to `cdk.out` -> content
 */
export function manifestFiles(
  stackName: string,
  rendered: RenderedTiers,
  resolve: (value: unknown) => unknown = (v) => v,
): Record<string, string> {
  const dir = `manifests/${stackName}`;
  const yaml = (docs: readonly unknown[]) =>
    docs.map((d) => stringify(resolve(d), { lineWidth: 0, sortMapEntries: true })).join('---\n');
  const files: Record<string, string> = {};
  for (const [name, docs] of Object.entries(rendered.apps)) files[`${dir}/${name}.yaml`] = yaml(docs);
  if (rendered.hooks && rendered.hooks.length > 0) files[`${dir}/hooks.yaml`] = yaml(rendered.hooks);
  files[`${dir}/guard.yaml`] = yaml(rendered.guard);
  files[`${dir}/gating.json`] = `${JSON.stringify(gatingJson(rendered.gating), null, 2)}\n`;
  return files;
}
