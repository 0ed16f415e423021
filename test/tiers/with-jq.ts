import { spawnSync } from 'node:child_process';

/**
 * The `describe` for tests that run acceptance step scripts with `/bin/sh` and the real `jq`, as
 * the cluster-checks image does: `describe` itself when jq is on PATH (or under CI=true, where a
 * missing tool fails the run); otherwise one that skips the block and says how to install jq.
 */
export function describeWithJq(): jest.Describe {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  if (ci || spawnSync('jq', ['--version']).status === 0) return describe;
  const skip = describe.skip;
  const note = '[skipped: jq not on PATH; apt-get install jq, brew install jq]';
  return ((name: string, body: () => void) => skip(`${name} ${note}`, body)) as jest.Describe;
}
