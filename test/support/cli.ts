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

/** The output a command writes, as bin/'s entry points hand it to lib/ (see bin/exit-code.ts). */
export interface CommandOutput {
  /** Text for stdout, written as it is. */
  readonly out: (text: string) => void;
  /** One line to stderr, as console.error writes it. */
  readonly err: (line: string) => void;
}

/**
 * Runs a command of lib/ in-process as its entry point in bin/ does: what it writes is captured,
 * and a throw becomes its failure's message on stderr and its exit code. Spawning a command costs
 * a third of a second of CPU, so only the tests of the wiring spawn it (`runBin`).
 */
export async function runCommand(
  run: (output: CommandOutput) => Promise<number>,
  failure: (err: unknown) => { readonly code: number; readonly message: string },
) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let code: number;
  try {
    code = await run({ out: (text) => stdout.push(text), err: (line) => stderr.push(`${line}\n`) });
  } catch (err) {
    const failed = failure(err);
    stderr.push(`${failed.message}\n`);
    code = failed.code;
  }
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
