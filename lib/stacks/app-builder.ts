import { type App, Aspects } from 'aws-cdk-lib';
import { ServiceTimeouts } from '../../constructs/cluster/service-timeouts';
import type { AppContext } from '../model/app-context';
import { manifestFiles } from '../model/manifest-files';
import { ClusterStack, refuseBuildIdAtDeploy } from './cluster-stack';
import { FoundationStack } from './foundation-stack';
import { BuildStackSynthesizer, applyBuildBoundary } from './build-identity';
import { addNagChecks } from './nag';

/** What `buildGoldenpathApp` made, and notes for the person running the CLI. */
export interface GoldenpathApp {
  readonly foundation: FoundationStack;
  readonly persistent: ClusterStack;
  /** @default - none: no build id was given */
  readonly ephemeral?: ClusterStack;
  /** Every cluster stack, for `renderedManifestFiles`. */
  readonly clusters: readonly ClusterStack[];
  readonly notes: readonly string[];
}

/**
 * The files to write into the cloud assembly next to the templates: per cluster stack, its
 * rendered manifests and gating result (`manifests/<stackName>/...`), tokens resolved to
 * CloudFormation intrinsics so two synths of one revision write the same bytes.
 */
export function renderedManifestFiles(result: GoldenpathApp): Record<string, string> {
  return Object.assign(
    {},
    ...result.clusters.map((stack) =>
      manifestFiles(stack.stackName, stack.plan.tiers, (v) => stack.resolve(v)),
    ),
  ) as Record<string, string>;
}

/** The note printed when no build id is given (so `cdk deploy Ephemeral` shows what to do). */
export const NO_EPHEMERAL_NOTE =
  'No -c buildId given: synthesized Foundation and Persistent only. For the Ephemeral stack pass a build id, for example: npx cdk deploy Ephemeral -c buildId=pr-123';

/**
 * Adds every stack of one environment to `app`: `Foundation` always, `Persistent` always,
 * `Ephemeral` only when the context has a build.
 */
export function buildGoldenpathApp(app: App, ctx: AppContext): GoldenpathApp {
  addNagChecks(app);
  Aspects.of(app).add(new ServiceTimeouts());
  const { config } = ctx;
  const foundation = new FoundationStack(app, 'Foundation', { config });
  const persistent = new ClusterStack(app, 'Persistent', { config, deployment: ctx.persistent });
  if (ctx.ephemeral === undefined) {
    return { foundation, persistent, clusters: [persistent], notes: [NO_EPHEMERAL_NOTE] };
  }
  // One synth makes every stack; the CLI deploys the one named, so the refusal is at deploy time.
  refuseBuildIdAtDeploy(foundation, ctx.ephemeral.buildId);
  refuseBuildIdAtDeploy(persistent, ctx.ephemeral.buildId);
  // A build deploys with the build role's own credentials through the build bootstrap, and every
  // role it makes carries the build boundary (DESIGN §9a).
  const ephemeral = new ClusterStack(app, 'Ephemeral', {
    config,
    deployment: ctx.ephemeral,
    synthesizer: new BuildStackSynthesizer(),
  });
  applyBuildBoundary(ephemeral, config);
  return { foundation, persistent, ephemeral, clusters: [persistent, ephemeral], notes: [] };
}
