#!/usr/bin/env node
// `npm run preflight -- --env <env> [--build-id <id>] [--max-tier <t>] [--json]`: asks the live
// account whether the Foundation the selected tiers need is there and ready (DESIGN §8).
// Credentials from the standard AWS chain; AWS_ENDPOINT_URL points it at a local AWS API.
// Exit codes: 0 every check passed, 1 a check failed, 2 bad arguments or configuration.
import { parseArgs } from 'node:util';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { parseBuildId } from '../lib/model/build-id';
import { checksFor } from '../lib/model/checks';
import { loadEnvironmentConfig } from '../lib/model/config';
import { UserInputError } from '../lib/model/errors';
import { readEnvironmentsFile } from './environments-file';
import { formatReport, runPreflight } from '../lib/ops/preflight/run';
import { resolveMaxTier } from '../lib/model/tier';
import { PLATFORM_CATALOGUE } from '../tiers/catalogue';

const USAGE = 'usage: npm run preflight -- --env <env> [--build-id <id>] [--max-tier <t>] [--json]';

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        env: { type: 'string' },
        'build-id': { type: 'string' },
        'max-tier': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UserInputError('Invalid arguments', [`${(err as Error).message}; ${USAGE}`]);
  }
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  const raw: unknown = readEnvironmentsFile();
  const config = loadEnvironmentConfig(raw, args.env);
  const buildId = args['build-id'] === undefined ? undefined : parseBuildId(args['build-id']);
  const lifecycle = buildId === undefined ? 'persistent' : 'ephemeral';
  const maxTier = resolveMaxTier(lifecycle, args['max-tier'], buildId);

  // The Foundation lives in the environment's region, whatever the shell's default region is.
  const common = { region: config.region };
  const clients = {
    ssm: new SSMClient(common),
    route53: new Route53Client(common),
    rds: new RDSClient(common),
    secretsManager: new SecretsManagerClient(common),
    // A local AWS API answers on one host name, so buckets go in the path there.
    s3: new S3Client({ ...common, forcePathStyle: process.env.AWS_ENDPOINT_URL !== undefined }),
  };
  const report = await runPreflight(
    { config, lifecycle, maxTier, buildId },
    checksFor(config, maxTier, lifecycle, PLATFORM_CATALOGUE),
    clients,
  );
  console.log(args.json ? JSON.stringify(report, null, 2) : formatReport(report).join('\n'));
  return report.ok ? 0 : 1;
}

// exitCode, not exit(): let stdout drain when it is a pipe (CI reads --json from one).
main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // The validators name CDK context keys; say the flag this command was given instead.
    const message = err instanceof Error ? err.message : String(err);
    console.error(
      message
        .replace(/-c env=/g, '--env ')
        .replace(/-c buildId=?/g, '--build-id ')
        .replace(/-c maxTier=/g, '--max-tier '),
    );
    process.exitCode = err instanceof UserInputError ? 2 : 3;
  },
);
