// `npm run sweep` apart from its entry point, bin/sweep.ts, which runs as soon as it is loaded:
// tests run the command in-process against a local AWS API, with the clients and output handed in,
// and spawn it only to prove the wiring.
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { parseBuildId } from '../../model/build-id';
import { loadEnvironmentConfig } from '../../model/config';
import { UserInputError } from '../../model/errors';
import { type ClusterDeployment, contractParameterName, stackName } from '../../model/naming';
import { parseCommandArgs } from '../command-args';
import { describeAwsError, isAwsError } from '../preflight/aws-errors';
import { type SweeperClients, formatSweepReport, sweep, sweepTargetFor } from './sweeper';

export const SWEEP_USAGE = 'usage: npm run sweep -- --env <env> --build-id <id> [--dry-run] [--force]';
/** How long a hand-run sweep keeps retrying what AWS refuses for now. */
const DEADLINE_MS = 10 * 60_000;

/** The AWS clients a sweep uses, in one region. */
export interface SweepCommandClients extends SweeperClients {
  readonly ssm: SSMClient;
  readonly cloudFormation: CloudFormationClient;
}

/** What the command reads and writes besides its arguments. */
export interface SweepCommandIo {
  /** The parsed environments file (read only once the arguments parse). */
  readonly readEnvironments: () => unknown;
  /** The clients for the environment's region. */
  readonly clients: (region: string) => SweepCommandClients;
  /** One line (or lines) to stdout, and to stderr. */
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/**
 * Runs the sweep the command line (`process.argv.slice(2)`) asks for; resolves to the exit code
 * (0 swept clean, 1 something is left or refused). Throws a UserInputError for bad arguments or
 * configuration.
 */
export async function runSweepCommand(argv: readonly string[], io: SweepCommandIo): Promise<number> {
  const args = parseCommandArgs(
    argv,
    {
      env: { type: 'string' },
      'build-id': { type: 'string' },
      'dry-run': { type: 'boolean' },
      force: { type: 'boolean' },
    },
    SWEEP_USAGE,
  );
  const raw: unknown = io.readEnvironments();
  const config = loadEnvironmentConfig(raw, args.env);
  const buildId = parseBuildId(args['build-id']);
  const clients = io.clients(config.region);
  const zoneParam = contractParameterName(config.name, 'zone/id');
  let zoneId: string;
  try {
    zoneId = (await clients.ssm.send(new GetParameterCommand({ Name: zoneParam }))).Parameter!.Value!;
  } catch (err) {
    const failure = describeAwsError(err);
    io.err(
      `cannot read ${zoneParam}: ${failure.detail}; ${failure.remedy ?? `is the Foundation of ${config.name} deployed?`}`,
    );
    return 1;
  }
  const deployment: ClusterDeployment = { env: config.name, kind: 'ephemeral', buildId };
  const stack = stackName(deployment);
  let status: string | undefined;
  try {
    const found = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
    status = found.Stacks?.[0]?.StackStatus;
  } catch (err) {
    if (!isAwsError(err, 'ValidationError')) {
      io.err(`cannot tell whether stack ${stack} exists: ${describeAwsError(err).detail}`);
      return 1;
    }
  }
  const live = status !== undefined && status !== 'DELETE_COMPLETE';
  const target = sweepTargetFor(config, buildId, zoneId);
  io.out(
    `sweep ${target.hostSuffix} in zone ${zoneId} and resources tagged for ${target.clusterName}${args['dry-run'] ? ' (dry run)' : ''}`,
  );
  const sweeperClients = { route53: clients.route53, elbv2: clients.elbv2, ec2: clients.ec2 };
  if (live && !args['dry-run']) {
    if (!args.force) {
      io.err(
        `refusing to sweep: stack ${stack} exists (${status}); delete it (npx cdk destroy Ephemeral -c buildId=${buildId}), which sweeps, or pass --force to sweep what it still uses`,
      );
      return 1;
    }
    io.out(`--force: stack ${stack} exists (${status}); this is what goes:`);
    const preview = await sweep(target, sweeperClients, { dryRun: true, deadline: Date.now() + DEADLINE_MS });
    io.out(formatSweepReport(preview).join('\n'));
  }
  const report = await sweep(target, sweeperClients, {
    dryRun: args['dry-run'],
    deadline: Date.now() + DEADLINE_MS,
  });
  io.out(formatSweepReport(report).join('\n'));
  return report.left.length === 0 ? 0 : 1;
}

/** The message and exit code of a sweep that threw: 2 for bad arguments or configuration, else 1. */
export function sweepFailure(err: unknown): { readonly code: 1 | 2; readonly message: string } {
  const message =
    err instanceof UserInputError
      ? err.message
      : err instanceof Error
        ? `${err.name}: ${err.message}`
        : String(err);
  return {
    code: err instanceof UserInputError ? 2 : 1,
    // The validators name CDK context keys; say the flag this command was given instead.
    message: message.replace(/-c env=/g, '--env ').replace(/-c buildId=?/g, '--build-id '),
  };
}
