#!/usr/bin/env node
// The CDK app. The only place that reads the config file and CDK context; everything below
// takes the validated, typed result as props.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildGoldenpathApp, parseAppContext } from '../lib/app-builder';
import { UserInputError } from '../lib/errors';

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
  const { notes } = buildGoldenpathApp(app, context);
  for (const note of notes) console.error(note);
  app.synth();
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
