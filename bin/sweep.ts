#!/usr/bin/env node
// `npm run sweep -- --env <env> --build-id <id> [--dry-run] [--force]`: the teardown sweeper by
// hand, the same code the Ephemeral stack's BuildSweeper runs on delete. The zone id comes from
// the Foundation contract in SSM. It refuses while the build's stack exists (the stack's own
// delete sweeps); --force lists what would go, then sweeps anyway.
// Exit codes: 0 swept clean, 1 something is left (or refused), 2 bad arguments.
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { parseBuildId } from '../lib/model/build-id';
import { loadEnvironmentConfig } from '../lib/model/config';
import { UserInputError } from '../lib/model/errors';
import { readEnvironmentsFile } from './environments-file';
import { type ClusterDeployment, stackName, contractParameterName } from '../lib/model/naming';
import { describeAwsError, isAwsError } from '../lib/ops/preflight/aws-errors';
import { formatSweepReport, sweep, sweepTargetFor } from '../lib/ops/teardown/sweeper';

const USAGE = 'usage: npm run sweep -- --env <env> --build-id <id> [--dry-run] [--force]';
/** How long a hand-run sweep keeps retrying what AWS refuses for now. */
const DEADLINE_MS = 10 * 60_000;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      options: {
        env: { type: 'string' },
        'build-id': { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (err) {
    throw new UserInputError('Invalid arguments', [`${(err as Error).message}; ${USAGE}`]);
  }
  const raw: unknown = readEnvironmentsFile();
  const config = loadEnvironmentConfig(raw, args.env);
  const buildId = parseBuildId(args['build-id']);
  const common = { region: config.region };
  const zoneParam = contractParameterName(config.name, 'zone/id');
  let zoneId: string;
  try {
    zoneId = (await new SSMClient(common).send(new GetParameterCommand({ Name: zoneParam }))).Parameter!
      .Value!;
  } catch (err) {
    const failure = describeAwsError(err);
    console.error(
      `cannot read ${zoneParam}: ${failure.detail}; ${failure.remedy ?? `is the Foundation of ${config.name} deployed?`}`,
    );
    return 1;
  }
  const deployment: ClusterDeployment = { env: config.name, kind: 'ephemeral', buildId };
  const stack = stackName(deployment);
  let status: string | undefined;
  try {
    const found = await new CloudFormationClient(common).send(
      new DescribeStacksCommand({ StackName: stack }),
    );
    status = found.Stacks?.[0]?.StackStatus;
  } catch (err) {
    if (!isAwsError(err, 'ValidationError')) {
      console.error(`cannot tell whether stack ${stack} exists: ${describeAwsError(err).detail}`);
      return 1;
    }
  }
  const live = status !== undefined && status !== 'DELETE_COMPLETE';
  const target = sweepTargetFor(config, buildId, zoneId);
  console.log(
    `sweep ${target.hostSuffix} in zone ${zoneId} and resources tagged for ${target.clusterName}${args['dry-run'] ? ' (dry run)' : ''}`,
  );
  const clients = {
    route53: new Route53Client(common),
    elbv2: new ElasticLoadBalancingV2Client(common),
    ec2: new EC2Client(common),
  };
  if (live && !args['dry-run']) {
    if (!args.force) {
      console.error(
        `refusing to sweep: stack ${stack} exists (${status}); delete it (npx cdk destroy Ephemeral -c buildId=${buildId}), which sweeps, or pass --force to sweep what it still uses`,
      );
      return 1;
    }
    console.log(`--force: stack ${stack} exists (${status}); this is what goes:`);
    const preview = await sweep(target, clients, { dryRun: true, deadline: Date.now() + DEADLINE_MS });
    console.log(formatSweepReport(preview).join('\n'));
  }
  const report = await sweep(target, clients, {
    dryRun: args['dry-run'],
    deadline: Date.now() + DEADLINE_MS,
  });
  console.log(formatSweepReport(report).join('\n'));
  return report.left.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message =
      err instanceof UserInputError
        ? err.message
        : err instanceof Error
          ? `${err.name}: ${err.message}`
          : String(err);
    console.error(message.replace(/-c env=/g, '--env ').replace(/-c buildId=?/g, '--build-id '));
    process.exitCode = err instanceof UserInputError ? 2 : 1;
  },
);
