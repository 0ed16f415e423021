#!/usr/bin/env node
// `npm run diff -- --base <git-ref | directory> [--head <directory>] [--out report.md]`
//
// Synthesizes the base and the head offline (every environment, build id pr-0), compares
// templates, rendered manifests and the tier matrix, and writes one Markdown report.
// Exit 0: no changes; 1: changes; 2: an error (bad input, a synth that fails).
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserInputError } from '../lib/model/errors';
import { parseDiffArgs, type DiffOptions } from '../lib/ops/diff/args';
import { compareSnapshots } from '../lib/ops/diff/compare';
import { renderReport } from '../lib/ops/diff/report';
import { readSnapshot, type Snapshot } from '../lib/ops/diff/snapshot';
import { checkoutCommit, resolveCommit, synthEnvironments, SynthError } from '../lib/ops/diff/synth';

const REPO_ROOT = resolve(__dirname, '..');
const log = (line: string): void => console.error(`diff: ${line}`);

async function main(argv: readonly string[], work: string): Promise<number> {
  const options = parseDiffArgs(argv);
  const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
  // Resolve everything the user named before the slow part, so a typo fails in a second.
  const baseCommit = isDir(options.base) ? undefined : resolveCommit(REPO_ROOT, options.base);
  const head = options.head === undefined ? undefined : readSnapshot(options.head, '--head');
  const base =
    baseCommit === undefined
      ? readSnapshot(options.base, '--base')
      : await synthCommit(baseCommit, options, work);
  const result = compareSnapshots(base, head ?? (await synthWorkingTree(options, work)));
  const baseLabel = baseCommit === undefined ? options.base : `${options.base} (${baseCommit.slice(0, 12)})`;
  const rerun = `npm run diff -- --base ${options.base}${options.head ? ` --head ${options.head}` : ''}`;
  const labels = { baseLabel, headLabel: options.head ?? 'working tree', rerun };
  const report = renderReport(result, { ...labels, maxChars: options.maxChars });
  if (options.out) writeFileSync(options.out, report.markdown);
  else process.stdout.write(report.markdown);
  if (options.fullOut)
    writeFileSync(
      options.fullOut,
      renderReport(result, { ...labels, maxChars: Number.MAX_SAFE_INTEGER }).markdown,
    );
  if (report.omitted.length > 0) log(`report truncated: ${report.omitted.length} section(s) left out`);
  log(result.hasChanges ? `changes in ${result.stacks.length} of ${result.stackCount} stacks` : 'no changes');
  return result.hasChanges ? 1 : 0;
}

async function synthCommit(commit: string, options: DiffOptions, work: string): Promise<Snapshot> {
  const src = join(work, 'base-src');
  checkoutCommit(REPO_ROOT, commit, src, log);
  await synthEnvironments(src, join(work, 'base'), options.envs, `--base ${options.base}`, process.env, log);
  return readSnapshot(join(work, 'base'), '--base');
}

async function synthWorkingTree(options: DiffOptions, work: string): Promise<Snapshot> {
  await synthEnvironments(REPO_ROOT, join(work, 'head'), options.envs, 'the working tree', process.env, log);
  return readSnapshot(join(work, 'head'), '--head');
}

const work = mkdtempSync(join(tmpdir(), 'goldenpath-diff-'));
const cleanUp = (): void => rmSync(work, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(2);
  });
}
main(process.argv.slice(2), work)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    if (err instanceof UserInputError || err instanceof SynthError) console.error(err.message);
    else console.error(err instanceof Error ? `diff failed: ${err.stack}` : `diff failed: ${String(err)}`);
    process.exitCode = 2;
  })
  .finally(cleanUp);
