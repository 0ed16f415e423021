import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Moto } from './moto';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs one of bin/'s CLIs as a user would, against moto through the standard AWS environment
 * variables only (no region: the CLIs take it from config).
 */
export function runCliAgainstMoto(script: string, moto: Moto, args: readonly string[]) {
  const res = spawnSync(process.execPath, ['bin/run.js', script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_MAX_ATTEMPTS: '1',
    },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * Runs `script` (bin/'s CLIs, or a copy of one elsewhere) through bin/run.js from the repository
 * root, as `npm run` does, with `env` instead of the test's environment when given.
 */
export function runBin(script: string, args: readonly string[], env?: NodeJS.ProcessEnv) {
  const res = spawnSync(process.execPath, ['bin/run.js', script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: env ?? process.env,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
