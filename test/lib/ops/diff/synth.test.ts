import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DIFF_BUILD_ID,
  SynthError,
  buildsAllowed,
  checkoutCommit,
  resolveCommit,
  synthEnvironments,
} from '../../../../lib/ops/diff/synth';
import { UserInputError } from '../../../../lib/model/errors';

/**
 * A CDK app stand-in: records the context and environment it was run with (a real synth costs
 * seconds; test/bin/diff.test.ts runs one), and fails for env=fail after 46 lines of output.
 */
const RECORDING_APP = `
const fs = require('node:fs');
const context = JSON.parse(process.env.CDK_CONTEXT_JSON);
if (context.env === 'fail') {
  for (let i = 1; i <= 45; i++) console.log('line ' + i);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200); // stdout first, then stderr
  console.error('boom');
  process.exit(3);
}
fs.mkdirSync(process.env.CDK_OUTDIR, { recursive: true });
fs.writeFileSync(process.env.CDK_OUTDIR + '/seen.json', JSON.stringify({
  context, validation: process.env.CDK_VALIDATION, color: process.env.FORCE_COLOR, extra: process.env.EXTRA,
}));
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'goldenpath-synth-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, content: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A repository with one commit of `files`; returns its commit. */
function repoWith(root: string, files: Record<string, string>): string {
  mkdirSync(root, { recursive: true });
  git(root, 'init', '-q');
  for (const [path, content] of Object.entries(files)) write(join(root, path), content);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'one');
  return git(root, 'rev-parse', 'HEAD');
}

describe('buildsAllowed', () => {
  test.each([
    [
      'the environment’s own setting',
      { defaults: { allowBuilds: false }, environments: { prod: { allowBuilds: true } } },
      'prod',
      true,
    ],
    [
      'the defaults when the environment says nothing',
      { defaults: { allowBuilds: true }, environments: { prod: {} } },
      'prod',
      true,
    ],
    ['dev and test when nothing says', { environments: {} }, 'test', true],
    ['not elsewhere when nothing says', { environments: {} }, 'staging', false],
    ['not when the value is not a boolean', { defaults: { allowBuilds: 'yes' } }, 'staging', false],
  ])('%s', (_name, config, env, expected) => {
    write(join(dir, 'config', 'environments.json'), config);
    expect(buildsAllowed(dir, env)).toBe(expected);
  });

  test('a revision without a readable config is a SynthError naming the file', () => {
    const path = join(dir, 'config', 'environments.json');
    expect(() => buildsAllowed(dir, 'dev')).toThrow(SynthError);
    expect(() => buildsAllowed(dir, 'dev')).toThrow(new RegExp(`^cannot read ${path}: ENOENT`));
  });
});

describe('resolveCommit', () => {
  test('a ref names its commit', () => {
    const commit = repoWith(dir, { 'a.txt': 'a' });
    expect(resolveCommit(dir, 'HEAD')).toBe(commit);
    expect(resolveCommit(dir, commit.slice(0, 8))).toBe(commit);
  });

  test.each(['HEAD:a.txt', '--all', '-h'])('%s, not a commit (or an option), is refused', (ref) => {
    repoWith(dir, { 'a.txt': 'a' });
    const resolve = () => resolveCommit(dir, ref);
    expect(resolve).toThrow(UserInputError);
    expect(resolve).toThrow(
      `Invalid --base: --base "${ref}": neither a directory nor a commit of this repository; allowed: a git ref (origin/main, HEAD~1, a SHA) or a directory of cloud assemblies`,
    );
  });
});

describe('checkoutCommit', () => {
  const repo = () => join(dir, 'repo');
  const log: string[] = [];
  beforeEach(() => log.splice(0));

  test('writes the commit’s files and links node_modules when the lock file is the same', () => {
    const commit = repoWith(repo(), { 'package-lock.json': '{"v":1}', 'src/a.ts': 'a' });
    mkdirSync(join(repo(), 'node_modules'));
    write(join(repo(), 'src', 'a.ts'), 'changed in the worktree, not committed');
    const dest = join(dir, 'dest');
    checkoutCommit(repo(), commit, dest, (l) => log.push(l));
    expect(readFileSync(join(dest, 'src', 'a.ts'), 'utf8')).toBe('a');
    expect(lstatSync(join(dest, 'node_modules')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dest, '.git'))).toBe(false);
    expect(log).toEqual([]);
  });

  test('a different lock file means npm ci; its failure is a SynthError with npm’s output', () => {
    // No package.json at that commit: npm ci fails at once, without the network.
    const commit = repoWith(repo(), { 'package-lock.json': '{"v":1}' });
    mkdirSync(join(repo(), 'node_modules'));
    write(join(repo(), 'package-lock.json'), '{"v":2}');
    const run = () => checkoutCommit(repo(), commit, join(dir, 'dest'), (l) => log.push(l));
    expect(run).toThrow(SynthError);
    expect(run).toThrow(new RegExp(`^npm ci for ${commit.slice(0, 12)} failed:\\n.*package\\.json`, 's'));
    expect(log[0]).toBe(`package-lock.json differs at ${commit.slice(0, 12)}: npm ci`);
    expect(existsSync(join(dir, 'dest', 'node_modules'))).toBe(false);
  });

  test('a commit git cannot archive is a SynthError naming it', () => {
    repoWith(repo(), { 'a.txt': 'a' });
    const missing = '0'.repeat(40);
    expect(() => checkoutCommit(repo(), missing, join(dir, 'dest'), () => undefined)).toThrow(
      new RegExp(`^git archive ${missing} failed: fatal: `),
    );
  });
});

describe('synthEnvironments', () => {
  function appRoot(cdkJson: unknown, extra: Record<string, unknown> = {}): string {
    const root = join(dir, 'app');
    write(join(root, 'app.js'), RECORDING_APP);
    write(join(root, 'cdk.json'), cdkJson);
    write(join(root, 'config', 'environments.json'), { environments: { prod: { allowBuilds: false } } });
    for (const [path, content] of Object.entries(extra)) write(join(root, path), content);
    return root;
  }
  const seen = (out: string, env: string) =>
    JSON.parse(readFileSync(join(out, env, 'seen.json'), 'utf8')) as {
      context: Record<string, unknown>;
      validation: string;
      color: string;
      extra: string;
    };
  const baseEnv = { PATH: process.env.PATH, EXTRA: 'from the caller' };

  test('runs the revision’s app per environment, with its context, a build id only where builds are allowed', async () => {
    const root = appRoot(
      { app: 'node app.js', context: { fromCdkJson: 1, shared: 'cdk.json' }, versionReporting: false },
      { 'cdk.context.json': { stored: 1, shared: 'stored' } },
    );
    const out = join(dir, 'out');
    const log: string[] = [];
    await synthEnvironments(root, out, ['dev', 'prod'], 'HEAD', baseEnv, (l) => log.push(l));
    expect(log).toEqual(['synth HEAD env=dev', 'synth HEAD env=prod']);
    expect(seen(out, 'dev')).toEqual({
      context: {
        stored: 1,
        fromCdkJson: 1,
        shared: 'cdk.json',
        'aws:cdk:enable-path-metadata': true,
        'aws:cdk:enable-asset-metadata': true,
        'aws:cdk:version-reporting': false,
        env: 'dev',
        buildId: DIFF_BUILD_ID,
      },
      validation: 'false',
      color: '0',
      extra: 'from the caller',
    });
    expect(seen(out, 'prod').context).not.toHaveProperty('buildId');
    expect(seen(out, 'prod').context['aws:cdk:version-reporting']).toBe(false);
  });

  test('a failing app is a SynthError naming the revision and environment, with its last 40 lines of output', async () => {
    const root = appRoot({ app: 'node app.js' });
    await expect(
      synthEnvironments(root, join(dir, 'out'), ['fail'], 'origin/main', baseEnv, () => undefined),
    ).rejects.toThrow(
      new SynthError(
        'synth of origin/main failed for env=fail: `node app.js` exited with 3:\n' +
          [...Array.from({ length: 39 }, (_, i) => `line ${i + 7}`), 'boom'].join('\n'),
      ),
    );
  });

  test('a cdk.json without an app command is a SynthError', async () => {
    const root = appRoot({ context: {} });
    await expect(
      synthEnvironments(root, join(dir, 'out'), ['dev'], 'HEAD', baseEnv, () => undefined),
    ).rejects.toThrow(new SynthError('HEAD: cdk.json has no "app" command'));
  });
});
