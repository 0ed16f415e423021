#!/usr/bin/env node
// npm run budget [-- --env dev --out report.md]: synthesizes one environment with a build id and
// reports every stack against the template budget and CloudFormation's limits, plus the modeled
// deploy path of the Ephemeral stack. The command is lib/ops/perf/budget-command.ts.
import { join } from 'node:path';
import { budgetFailure, runBudgetCommand } from '../lib/ops/perf/budget-command';
import { setExitCode } from './exit-code';

const run = runBudgetCommand(process.argv.slice(2), {
  repoRoot: join(__dirname, '..'),
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (line) => console.error(line),
});
void setExitCode(run, budgetFailure);
