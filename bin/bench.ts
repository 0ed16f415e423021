#!/usr/bin/env node
// npm run bench [-- --runs N --test-runs M --only synth,floor --out docs/benchmarks.md]
// Measures whole processes (wall time and peak memory) after a warm-up and prints the report, or
// writes it to --out. Synth output goes to a temporary directory that is removed afterwards.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type BenchmarkCase,
  type BenchmarkRatio,
  type BenchmarkTarget,
  otherWorkShare,
  renderBenchmarkReport,
} from '../lib/ops/perf/benchmark-report';
import { type RunSample, summarize } from '../lib/ops/perf/stats';

const ROOT = join(__dirname, '..');

// Python's getrusage(RUSAGE_CHILDREN) gives the peak RSS of the largest process in the tree,
// which node's child_process does not expose, and the CPU time of the whole tree (with python's
// own); python3 is on every machine this runs on.
const MEASURE = `
import resource, subprocess, sys, time, json
t = time.monotonic()
p = subprocess.run(sys.argv[1], shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
dt = time.monotonic() - t
tree = resource.getrusage(resource.RUSAGE_CHILDREN)
me = resource.getrusage(resource.RUSAGE_SELF)
cpu = tree.ru_utime + tree.ru_stime + me.ru_utime + me.ru_stime
print(json.dumps({"rc": p.returncode, "seconds": dt, "peakKiB": tree.ru_maxrss, "cpu": cpu, "stderr": p.stderr.decode(errors="replace")[-2000:]}))
`;

/** CPU seconds the whole machine has spent busy since it booted (every core, every process). */
const machineBusySeconds = (): number =>
  cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) / 1000;

/** CPU seconds of every command measured so far, warm-ups included. */
let measuredCpuSeconds = 0;

// The floor: a bare aws-cdk-lib app with one empty stack, synthesized by the same node.
const FLOOR_APP = `const { App, Stack } = require('aws-cdk-lib'); const app = new App({ builtinCloudFormationValidation: false }); new Stack(app, 'Empty'); app.synth();`;

function measure(command: string, env: NodeJS.ProcessEnv): RunSample {
  const res = spawnSync('python3', ['-c', MEASURE, command], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const line = res.stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line || '{}') as {
    rc?: number;
    seconds?: number;
    peakKiB?: number;
    cpu?: number;
    stderr?: string;
  };
  if (parsed.rc !== 0 || parsed.seconds === undefined || parsed.peakKiB === undefined) {
    throw new Error(`benchmark command failed: ${command}\n${parsed.stderr ?? res.stderr}`);
  }
  measuredCpuSeconds += parsed.cpu ?? 0;
  return { seconds: parsed.seconds, peakMiB: parsed.peakKiB / 1024 };
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function main(): void {
  const runs = Number(flag('runs', '3'));
  const testRuns = Number(flag('test-runs', '1'));
  const out = process.argv.includes('--out') ? resolve(flag('out', '')) : undefined;
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(testRuns) || testRuns < 1) {
    console.error(
      `--runs and --test-runs take a whole number of at least 1; received ${runs} and ${testRuns}`,
    );
    process.exit(2);
  }
  if (out === ROOT || (process.argv.includes('--out') && !flag('out', ''))) {
    console.error('--out takes the file to write the report to, for example --out docs/benchmarks.md');
    process.exit(2);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'goldenpath-bench-'));
  try {
    const cases = benchCases(tmp, runs, testRuns);
    const known = cases.map(([id]) => id);
    const only = flag('only', known.join(',')).split(',');
    const unknown = only.filter((id) => !known.includes(id));
    if (unknown.length > 0) {
      console.error(`--only ${unknown.join(',')}: allowed cases are ${known.join(', ')}`);
      process.exit(2);
    }
    const loadAtStart = loadavg()[0];
    const started = { wall: performance.now(), machine: machineBusySeconds(), self: process.cpuUsage() };
    const measured: BenchmarkCase[] = [];
    for (const [id, command, n, env = {}] of cases.filter(([id]) => only.includes(id))) {
      // npm test gets no warm-up: jest keeps its transform cache on disk between runs, and a
      // warm-up would double the longest case.
      const warmUp = id !== 'test';
      console.error(`bench: ${id} (${warmUp ? '1 warm-up + ' : ''}${n})`);
      if (warmUp) measure(command, env);
      const samples = Array.from({ length: n }, () => measure(command, env));
      measured.push({ id, command: command.replaceAll(tmp, '$TMP'), summary: summarize(samples) });
    }
    const ids = new Set(measured.map((c) => c.id));
    const ratios = RATIOS.filter((r) => ids.has(r.numerator) && ids.has(r.denominator));
    const self = process.cpuUsage(started.self);
    const machine = {
      description: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      cores: cpus().length,
      loadAtStart,
      loadAtEnd: loadavg()[0],
      otherWork: otherWorkShare({
        machineCpuSeconds: machineBusySeconds() - started.machine,
        ownCpuSeconds: measuredCpuSeconds + (self.user + self.system) / 1e6,
        cores: cpus().length,
        wallSeconds: (performance.now() - started.wall) / 1000,
      }),
    };
    const report = renderBenchmarkReport(measured, ratios, machine, TARGETS);
    if (out) {
      writeFileSync(out, report);
      console.error(`bench: wrote ${out}`);
    } else {
      process.stdout.write(report);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

type Case = [id: string, command: string, runs: number, env?: NodeJS.ProcessEnv];

function benchCases(tmp: string, runs: number, testRuns: number): Case[] {
  // The bare app process gets the context the CLI would give it (cdk.json and cdk.context.json).
  const readJson = (f: string) => JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as Record<string, unknown>;
  const appEnv = {
    CDK_OUTDIR: join(tmp, 'app'),
    CDK_CONTEXT_JSON: JSON.stringify({
      ...readJson('cdk.context.json'),
      ...(readJson('cdk.json').context as object),
    }),
  };
  const synthOut = join(tmp, 'synth');
  return [
    ['synth', `npx cdk synth -q -o ${synthOut}`, runs],
    ['synth-build', `npx cdk synth -q -o ${synthOut} -c buildId=bench-1`, runs],
    ['synth-validated', `CDK_VALIDATION=true npx cdk synth -q -o ${synthOut}`, runs],
    // cdk.json's app: bin/app.ts from its cached bundle (bin/run.js).
    ['app-only', 'node bin/run.js bin/app.ts', runs, appEnv],
    // The same app compiled from its sources on every run, as before the bundle.
    ['app-tsx', 'node --import tsx bin/app.ts', runs, appEnv],
    ['floor', `node -e "${FLOOR_APP}"`, runs, { CDK_OUTDIR: join(tmp, 'floor') }],
    // The same bare app through the CLI: what any `npx cdk synth` costs on this machine.
    ['floor-cli', `npx cdk synth -q -o ${join(tmp, 'floor-cli')} --app "node -e \\"${FLOOR_APP}\\""`, runs],
    ['typecheck', 'npx tsc --noEmit -p tsconfig.json', runs],
    ['test', 'npx jest --ci --silent', testRuns],
  ];
}

const RATIOS: BenchmarkRatio[] = [
  {
    label: 'synth with the built-in validator / without',
    numerator: 'synth-validated',
    denominator: 'synth',
  },
  {
    label: 'synth with a build (3 stacks) / default (2 stacks)',
    numerator: 'synth-build',
    denominator: 'synth',
  },
  { label: 'CLI synth / the app process alone', numerator: 'synth', denominator: 'app-only' },
  {
    label: 'CLI synth / the CLI floor (bare aws-cdk-lib app, one empty stack, through the CLI)',
    numerator: 'synth',
    denominator: 'floor-cli',
  },
  { label: 'synth with a build / the CLI floor', numerator: 'synth-build', denominator: 'floor-cli' },
  {
    label: 'the app from its cached bundle / from its sources through tsx',
    numerator: 'app-only',
    denominator: 'app-tsx',
  },
  {
    label: 'the app process alone / the floor (the bare app process alone)',
    numerator: 'app-only',
    denominator: 'floor',
  },
  {
    label: 'type-check (kept out of synth) / the app process alone',
    numerator: 'typecheck',
    denominator: 'app-only',
  },
  { label: 'npm test / synth', numerator: 'test', denominator: 'synth' },
];

/** The times the project holds itself to, on 2 cores. */
const TARGETS: BenchmarkTarget[] = [
  { label: 'default synth', id: 'synth', maxSeconds: 5 },
  { label: 'synth with a build', id: 'synth-build', maxSeconds: 6 },
  { label: 'npm test', id: 'test', maxSeconds: 90 },
];

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
