import { join } from 'node:path';
import { budgetFailure, runBudgetCommand } from '../../../../lib/ops/perf/budget-command';
import { runCommand } from '../../../support/cli';

const ROOT = join(__dirname, '..', '..', '..', '..');

// The report itself comes from a real synth, which test/bin/budget.test.ts spawns once.
describe('the budget command, in-process', () => {
  test.each([
    [['--env', 'qa'], 'Unknown environment: --env qa: allowed environments: dev, test, staging, prod'],
    [
      ['--evn', 'prod'],
      'Invalid arguments to npm run budget: unknown argument "--evn"; allowed: --env <environment>, --out <file>',
    ],
    [
      ['--env', '--out', 'x.md'],
      'Invalid arguments to npm run budget: --env needs a value; allowed: --env <environment>, --out <file>',
    ],
    [
      ['--out'],
      'Invalid arguments to npm run budget: --out needs a value; allowed: --env <environment>, --out <file>',
    ],
  ])('bad input %j: one clear line, exit 2, no synth', async (args, message) => {
    const r = await runCommand(
      (output) => runBudgetCommand(args, { repoRoot: ROOT, env: process.env, ...output }),
      budgetFailure,
    );
    // The message alone on stderr: no `synth working tree env=…` line before it, so no synth ran.
    expect(r).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  test('a synth or an assembly it cannot read is its message alone, exit 2', () => {
    const err = new Error('the Ephemeral template has no manifest carrying the Applications');
    expect(budgetFailure(err)).toEqual({ code: 2, message: err.message });
  });
});
