import { readEnvironmentsFile } from '../../../../bin/environments-file';
import { parsePreflightCommand, preflightFailure } from '../../../../lib/ops/preflight/cli';

describe('the preflight command line', () => {
  test('takes the environment, the build, the tier and --json', () => {
    const { target, json } = parsePreflightCommand(
      ['--env', 'dev', '--build-id', 'pr-1', '--max-tier', '1.5', '--json'],
      readEnvironmentsFile,
    );
    expect({ env: target.config.name, lifecycle: target.lifecycle, maxTier: target.maxTier, json }).toEqual({
      env: 'dev',
      lifecycle: 'ephemeral',
      maxTier: 1.5,
      json: true,
    });
    expect(target.buildId).toBe('pr-1');
  });

  test('without a build it checks the persistent cluster, and prints text', () => {
    const { target, json } = parsePreflightCommand(['--env', 'staging'], readEnvironmentsFile);
    expect({ env: target.config.name, lifecycle: target.lifecycle, buildId: target.buildId, json }).toEqual({
      env: 'staging',
      lifecycle: 'persistent',
      buildId: undefined,
      json: false,
    });
  });

  test.each([
    [['--env', 'nope'], 'Unknown environment: --env nope: allowed environments: dev, test, staging, prod'],
    [
      ['--env', 'dev', '--build-id', 'pr-1', '--max-tier', '3'],
      'Invalid maxTier: --max-tier 3 with --build-id pr-1 (an ephemeral cluster: tier 3, production identity, runs on persistent clusters only); allowed: 0, 1, 1.5',
    ],
    [
      ['--env', 'dev', '--build-id', 'pr-1', '--max-tier', '2'],
      "Invalid maxTier: --max-tier 2 with --build-id pr-1 (an ephemeral cluster: tier 2 would use the persistent cluster's databases, secrets and log bucket, and a build touches nothing of the persistent cluster's; run tier 2 on the persistent cluster); allowed: 0, 1, 1.5",
    ],
    [
      ['--env', 'dev', '--build-id', 'PR_1'],
      'Invalid build id: --build-id PR_1: allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)',
    ],
    [
      ['--bogus'],
      "Invalid arguments: Unknown option '--bogus'; usage: npm run preflight -- --env <env> [--build-id <id>] [--max-tier <t>] [--json]",
    ],
  ])('bad input %j: the message alone, exit 2', (args, message) => {
    let thrown: unknown = 'nothing thrown';
    try {
      parsePreflightCommand(args, readEnvironmentsFile);
    } catch (err) {
      thrown = err;
    }
    expect(preflightFailure(thrown)).toEqual({ code: 2, message });
  });
});
