#!/usr/bin/env node
// The CDK app. The only place that reads the config file and CDK context; everything below
// takes the validated, typed result as props.
import './compile-cache';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { parseAppContext } from '../lib/model/app-context';
import { buildGoldenpathApp, renderedManifestFiles } from '../lib/stacks/app-builder';
import { UserInputError } from '../lib/model/errors';

function main(): void {
  // The built-in CloudFormation validator is most of synth time, so it is opt-in
  // (CDK_VALIDATION=true): CI and the pull-request workflow turn it on, the everyday synth and
  // the tests do not (cfn-lint runs over every template in CI as well).
  const app = new App({ builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true' });
  const rawConfig: unknown = JSON.parse(
    readFileSync(join(__dirname, '..', 'config', 'environments.json'), 'utf8'),
  );
  const context = parseAppContext(rawConfig, {
    env: app.node.tryGetContext('env'),
    buildId: app.node.tryGetContext('buildId'),
    maxTier: app.node.tryGetContext('maxTier'),
    ttlHours: app.node.tryGetContext('ttlHours'),
  });
  const result = buildGoldenpathApp(app, context);
  for (const note of result.notes) console.error(note);
  const assembly = app.synth();
  // Rendered Kubernetes manifests and gating results next to the templates, for review and for
  // `npm run diff`.
  for (const [path, content] of Object.entries(renderedManifestFiles(result))) {
    const file = join(assembly.directory, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
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
