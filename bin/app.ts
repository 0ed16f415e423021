#!/usr/bin/env node
// The CDK app. The only place that reads the config file and CDK context; everything below
// takes the validated, typed result as props.
import './compile-cache';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { AssetManifestArtifact, CloudFormationStackArtifact, type CloudAssembly } from 'aws-cdk-lib/cx-api';
import { parseAppContext } from '../lib/model/app-context';
import { buildGoldenpathApp, renderedManifestFiles } from '../lib/stacks/app-builder';
import { UserInputError } from '../lib/model/errors';
import { readEnvironmentsFile } from './environments-file';

function main(): void {
  // The built-in CloudFormation validator is most of synth time, so it is opt-in
  // (CDK_VALIDATION=true): CI and the pull-request workflow turn it on, the everyday synth and
  // the tests do not (cfn-lint runs over every template in CI as well).
  const app = new App({ builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true' });
  const rawConfig: unknown = readEnvironmentsFile();
  const context = parseAppContext(rawConfig, {
    env: app.node.tryGetContext('env'),
    buildId: app.node.tryGetContext('buildId'),
    maxTier: app.node.tryGetContext('maxTier'),
    ttlHours: app.node.tryGetContext('ttlHours'),
  });
  const result = buildGoldenpathApp(app, context);
  for (const note of result.notes) console.error(note);
  const assembly = app.synth();
  removeStale(assembly);
  // Rendered Kubernetes manifests and gating results next to the templates, for review and for
  // `npm run diff`.
  for (const [path, content] of Object.entries(renderedManifestFiles(result))) {
    const file = join(assembly.directory, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** What CDK writes into the output directory per stack and per asset; nothing else is removed. */
const SYNTH_OUTPUT =
  /^(.+\.(template|assets|metadata)\.json|asset\.[0-9a-f]{64}(\.[A-Za-z0-9.]+)?|bundling-temp-.+)$/;

/**
 * The output directory is reused between synths: remove the templates, asset manifests, assets
 * and rendered manifests that this synth did not produce (a build's stack from an earlier
 * `-c buildId=...`, the bundle of an earlier handler source), so the directory holds the current
 * stacks only. Only names CDK writes are touched; anything else in the directory stays.
 */
function removeStale(assembly: CloudAssembly): void {
  // Stack templates, asset manifests, and what those reference (nested stack templates, assets).
  const current = new Set(
    assembly.artifacts.flatMap((a) => {
      if (a instanceof CloudFormationStackArtifact) return [a.templateFile, `${a.id}.metadata.json`];
      if (!(a instanceof AssetManifestArtifact)) return [];
      return [
        basename(a.file),
        ...Object.values(a.contents.files ?? {}).map((f) => f.source.path ?? ''),
        ...Object.values(a.contents.dockerImages ?? {}).map((d) => d.source.directory ?? ''),
      ];
    }),
  );
  for (const name of readdirSync(assembly.directory)) {
    if (SYNTH_OUTPUT.test(name) && !current.has(name))
      rmSync(join(assembly.directory, name), { recursive: true, force: true });
  }
  rmSync(join(assembly.directory, 'manifests'), { recursive: true, force: true });
}

try {
  main();
} catch (err) {
  if (err instanceof UserInputError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
