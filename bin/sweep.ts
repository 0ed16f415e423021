#!/usr/bin/env node
// `npm run sweep -- --env <env> --build-id <id> [--dry-run] [--force]`: the teardown sweeper by
// hand, the same code the Ephemeral stack's BuildSweeper runs on delete. The zone id comes from
// the Foundation contract in SSM. It refuses while the build's stack exists (the stack's own
// delete sweeps); --force lists what would go, then sweeps anyway.
// Exit codes: 0 swept clean, 1 something is left (or refused), 2 bad arguments.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SSMClient } from '@aws-sdk/client-ssm';
import { readEnvironmentsFile } from './environments-file';
import { runSweepCommand, sweepFailure } from '../lib/ops/teardown/sweep-command';
import { setExitCode } from './exit-code';

const run = runSweepCommand(process.argv.slice(2), {
  readEnvironments: readEnvironmentsFile,
  clients: (region) => {
    const common = { region };
    return {
      ssm: new SSMClient(common),
      cloudFormation: new CloudFormationClient(common),
      route53: new Route53Client(common),
      elbv2: new ElasticLoadBalancingV2Client(common),
      ec2: new EC2Client(common),
    };
  },
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
void setExitCode(run, sweepFailure);
