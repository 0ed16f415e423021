#!/usr/bin/env node
// `npm run preflight -- --env <env> [--build-id <id>] [--max-tier <t>] [--json]`: asks the live
// account whether the Foundation the selected tiers need is there and ready (DESIGN §8).
// Credentials from the standard AWS chain; AWS_ENDPOINT_URL points it at a local AWS API.
// Exit codes: 0 every check passed, 1 a check failed, 2 bad arguments or configuration.
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { checksFor } from '../lib/model/checks';
import { readEnvironmentsFile } from './environments-file';
import { parsePreflightCommand, preflightFailure } from '../lib/ops/preflight/cli';
import { formatReport, runPreflight } from '../lib/ops/preflight/run';
import { PLATFORM_CATALOGUE } from '../tiers/catalogue';
import { setExitCode } from './exit-code';

async function main(): Promise<number> {
  const { target, json } = parsePreflightCommand(process.argv.slice(2), readEnvironmentsFile);
  const { config, lifecycle, maxTier } = target;

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
    target,
    checksFor(config, maxTier, lifecycle, PLATFORM_CATALOGUE),
    clients,
  );
  console.log(json ? JSON.stringify(report, null, 2) : formatReport(report).join('\n'));
  return report.ok ? 0 : 1;
}

void setExitCode(main(), preflightFailure);
