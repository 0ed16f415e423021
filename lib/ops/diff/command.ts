// `npm run diff` apart from its entry point, bin/diff.ts, which runs as soon as it is loaded and
// keeps the temporary directory and the signals: tests run the command in-process, with the
// output handed in, and spawn it only to prove the wiring.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError } from '../../model/errors';
import { parseDiffArgs, type DiffOptions } from './args';
import { compareSnapshots } from './compare';
import { renderReport } from './report';
import { readSnapshot, type Snapshot } from './snapshot';
import {
  type Log,
  type SynthCommandIo,
  checkoutCommit,
  resolveCommit,
  synthEnvironments,
  SynthError,
} from './synth';

/** What the command reads and writes besides its arguments. */
export interface DiffCommandIo extends SynthCommandIo {
  /** An empty directory the command may fill (a ref's files, the synth outputs); the caller removes it. */
  readonly work: string;
}

/**
 * Runs the diff the command line (`process.argv.slice(2)`) asks for; resolves to the exit code
 * (0 no changes, 1 changes). Throws a UserInputError for bad arguments, a SynthError for a synth
 * that fails.
 */
export async function runDiffCommand(argv: readonly string[], io: DiffCommandIo): Promise<number> {
  const log: Log = (line) => io.err(`diff: ${line}`);
  const options = parseDiffArgs(argv);
  const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
  // Resolve everything the user named before the slow part, so a typo fails in a second.
  const baseCommit = isDir(options.base) ? undefined : resolveCommit(io.repoRoot, options.base);
  const head = options.head === undefined ? undefined : readSnapshot(options.head, '--head');
  const base =
    baseCommit === undefined
      ? readSnapshot(options.base, '--base')
      : await synthCommit(baseCommit, options, io, log);
  const result = compareSnapshots(base, head ?? (await synthWorkingTree(options, io, log)));
  const baseLabel = baseCommit === undefined ? options.base : `${options.base} (${baseCommit.slice(0, 12)})`;
  const rerun = `npm run diff -- --base ${options.base}${options.head ? ` --head ${options.head}` : ''}`;
  const labels = { baseLabel, headLabel: options.head ?? 'working tree', rerun };
  const report = renderReport(result, { ...labels, maxChars: options.maxChars });
  if (options.out) writeFileSync(options.out, report.markdown);
  else io.out(report.markdown);
  if (options.fullOut)
    writeFileSync(
      options.fullOut,
      renderReport(result, { ...labels, maxChars: Number.MAX_SAFE_INTEGER }).markdown,
    );
  if (report.omitted.length > 0) log(`report truncated: ${report.omitted.length} section(s) left out`);
  log(result.hasChanges ? `changes in ${result.stacks.length} of ${result.stackCount} stacks` : 'no changes');
  return result.hasChanges ? 1 : 0;
}

async function synthCommit(
  commit: string,
  options: DiffOptions,
  io: DiffCommandIo,
  log: Log,
): Promise<Snapshot> {
  const src = join(io.work, 'base-src');
  checkoutCommit(io.repoRoot, commit, src, log);
  await synthEnvironments(src, join(io.work, 'base'), options.envs, `--base ${options.base}`, io.env, log);
  return readSnapshot(join(io.work, 'base'), '--base');
}

async function synthWorkingTree(options: DiffOptions, io: DiffCommandIo, log: Log): Promise<Snapshot> {
  await synthEnvironments(io.repoRoot, join(io.work, 'head'), options.envs, 'the working tree', io.env, log);
  return readSnapshot(join(io.work, 'head'), '--head');
}

/**
 * The message and exit code of a diff that threw: bad input and a failed synth are the message
 * alone (it names the input or the revision); anything else is a bug, so it keeps its stack.
 */
export function diffFailure(err: unknown): { readonly code: 2; readonly message: string } {
  const message =
    err instanceof UserInputError || err instanceof SynthError
      ? err.message
      : err instanceof Error
        ? `diff failed: ${err.stack}`
        : `diff failed: ${String(err)}`;
  return { code: 2, message };
}
