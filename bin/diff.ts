#!/usr/bin/env node
// `npm run diff -- --base <git-ref | directory> [--head <directory>] [--out report.md]`
//
// Synthesizes the base and the head offline (every environment, build id pr-0), compares
// templates, rendered manifests and the tier matrix, and writes one Markdown report.
// Exit 0: no changes; 1: changes; 2: an error (bad input, a synth that fails).
// The command is lib/ops/diff/command.ts; this file owns its temporary directory and the signals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { diffFailure, runDiffCommand } from '../lib/ops/diff/command';
import { setExitCode } from './exit-code';

const work = mkdtempSync(join(tmpdir(), 'goldenpath-diff-'));
const cleanUp = (): void => rmSync(work, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(2);
  });
}
const run = runDiffCommand(process.argv.slice(2), {
  repoRoot: resolve(__dirname, '..'),
  work,
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (line) => console.error(line),
});
void setExitCode(run, diffFailure).finally(cleanUp);
