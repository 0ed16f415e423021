import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UserInputError, show } from '../../model/errors';

/** The build id every diff synth uses, so the Ephemeral stack is compared like for like. */
export const DIFF_BUILD_ID = 'pr-0';

/**
 * Whether the revision at `root` runs builds in `env`: its `allowBuilds` (environment, then
 * defaults), else the default of `lib/model/config.ts` (dev and test).
 */
export function buildsAllowed(root: string, env: string): boolean {
  const raw = readJson(join(root, 'config', 'environments.json')) as {
    defaults?: { allowBuilds?: unknown };
    environments?: Record<string, { allowBuilds?: unknown } | undefined>;
  };
  const value = raw.environments?.[env]?.allowBuilds ?? raw.defaults?.allowBuilds;
  return typeof value === 'boolean' ? value : env === 'dev' || env === 'test';
}

/** A synth that did not finish: the message names the revision and environment, with its output. */
export class SynthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthError';
  }
}

export type Log = (line: string) => void;

/** What a command that synthesizes this repository's app (diff, budget) reads and writes besides its arguments. */
export interface SynthCommandIo {
  /** The repository whose working tree is synthesized (and a git ref resolved in). */
  readonly repoRoot: string;
  /** The environment the synths run with. */
  readonly env: NodeJS.ProcessEnv;
  /** Text for stdout, written as it is (the report). */
  readonly out: (text: string) => void;
  /** One line to stderr (progress, a summary), as console.error writes it. */
  readonly err: Log;
}

/**
 * The commit a git ref names.
 *
 * @throws UserInputError when `ref` names no commit in the repository at `repoRoot`
 */
export function resolveCommit(repoRoot: string, ref: string): string {
  const result = spawnSync(
    'git',
    ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (result.status !== 0 || !/^[0-9a-f]{40,64}$/.test(result.stdout.trim())) {
    throw new UserInputError('Invalid --base', [
      `--base ${show(ref)}: neither a directory nor a commit of this repository; allowed: a git ref (origin/main, HEAD~1, a SHA) or a directory of cloud assemblies`,
    ]);
  }
  return result.stdout.trim();
}

/**
 * Writes the files of `commit` into `dest` (`git archive`, so the repository's worktrees and index
 * are never touched) and gives it node_modules: the current checkout's by symlink when
 * package-lock.json is the same at both revisions, otherwise a fresh `npm ci`.
 */
export function checkoutCommit(repoRoot: string, commit: string, dest: string, log: Log): void {
  mkdirSync(dest, { recursive: true });
  const archive = spawnSync('git', ['archive', '--format=tar', commit], {
    cwd: repoRoot,
    maxBuffer: 1 << 30,
  });
  if (archive.status !== 0)
    throw new SynthError(`git archive ${commit} failed: ${archive.stderr.toString().trim()}`);
  const untar = spawnSync('tar', ['-x', '-C', dest], { input: archive.stdout });
  if (untar.status !== 0)
    throw new SynthError(`unpacking ${commit} into ${dest} failed: ${untar.stderr.toString().trim()}`);
  const lock = (dir: string): string | undefined =>
    existsSync(join(dir, 'package-lock.json'))
      ? readFileSync(join(dir, 'package-lock.json'), 'utf8')
      : undefined;
  if (
    lock(dest) !== undefined &&
    lock(dest) === lock(repoRoot) &&
    existsSync(join(repoRoot, 'node_modules'))
  ) {
    symlinkSync(join(repoRoot, 'node_modules'), join(dest, 'node_modules'), 'dir');
    return;
  }
  log(`package-lock.json differs at ${commit.slice(0, 12)}: npm ci`);
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dest, encoding: 'utf8' });
  if (install.status !== 0)
    throw new SynthError(
      `npm ci for ${commit.slice(0, 12)} failed:\n${tail(install.stderr || install.stdout)}`,
    );
}

/**
 * Synthesizes every environment of the CDK app at `root`, each into `<outDir>/<env>`, with the
 * app command and context of that revision's cdk.json (as `cdk synth` would), `buildId=pr-0` where
 * builds are allowed, and
 * the built-in CloudFormation validator off (the pull-request workflow runs it in its own step).
 *
 * @param label names the revision in errors
 */
export async function synthEnvironments(
  root: string,
  outDir: string,
  envs: readonly string[],
  label: string,
  baseEnv: NodeJS.ProcessEnv,
  log: Log,
): Promise<void> {
  const cdkJson = readJson(join(root, 'cdk.json')) as {
    app?: unknown;
    context?: Record<string, unknown>;
    versionReporting?: unknown;
  };
  if (typeof cdkJson.app !== 'string') throw new SynthError(`${label}: cdk.json has no "app" command`);
  const app = cdkJson.app;
  const stored = existsSync(join(root, 'cdk.context.json'))
    ? (readJson(join(root, 'cdk.context.json')) as Record<string, unknown>)
    : {};
  const queue = [...envs];
  const worker = async (): Promise<void> => {
    for (let env = queue.shift(); env !== undefined; env = queue.shift()) {
      const context = {
        ...stored,
        ...cdkJson.context,
        'aws:cdk:enable-path-metadata': true,
        'aws:cdk:enable-asset-metadata': true,
        'aws:cdk:version-reporting': cdkJson.versionReporting !== false,
        env,
        // Only where that revision's config allows builds: elsewhere a build id is refused.
        ...(buildsAllowed(root, env) ? { buildId: DIFF_BUILD_ID } : {}),
      };
      log(`synth ${label} env=${env}`);
      await run(app, root, {
        ...baseEnv,
        CDK_OUTDIR: join(outDir, env),
        CDK_CONTEXT_JSON: JSON.stringify(context),
        CDK_VALIDATION: 'false',
        FORCE_COLOR: '0',
      }).catch((err: Error) => {
        throw new SynthError(`synth of ${label} failed for env=${env}: ${err.message}`);
      });
    }
  };
  const workers = Math.max(1, Math.min(2, availableParallelism(), envs.length));
  await Promise.all(Array.from({ length: workers }, worker));
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`\`${command}\` exited with ${code}:\n${tail(output)}`)),
    );
  });
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new SynthError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
