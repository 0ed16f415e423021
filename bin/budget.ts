#!/usr/bin/env node
// npm run budget [-- --env dev --out report.md]: synthesizes one environment with a build id and
// reports every stack against the template budget and CloudFormation's limits, plus the modeled
// deploy path of the Ephemeral stack.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthEnvironments } from '../lib/ops/diff/synth';
import {
  type StackBudget,
  applicationsManifestId,
  deployModel,
  renderBudget,
  stackBudget,
} from '../lib/ops/perf/budget';
import type { TemplateJson } from '../lib/ops/template-graph';
import { ENVIRONMENT_NAMES } from '../lib/model/config';
import { show } from '../lib/model/errors';
import { CATALOGUE } from '../tiers/catalogue';

const ROOT = join(__dirname, '..');

const USAGE = 'allowed: --env <environment>, --out <file>';

/** `--env <name>` and `--out <file>`; anything else is refused, so a typo never runs the default. */
function parseArgs(argv: readonly string[]): { env?: string; out?: string } {
  const values: { env?: string; out?: string } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [arg, value] = [argv[i], argv[i + 1]];
    const problem =
      arg !== '--env' && arg !== '--out'
        ? `unknown argument ${show(arg)}`
        : value === undefined || value.startsWith('--')
          ? `${arg} needs a value`
          : undefined;
    if (problem) {
      console.error(`Invalid arguments to npm run budget: ${problem}; ${USAGE}`);
      process.exit(2);
    }
    values[arg === '--env' ? 'env' : 'out'] = value;
  }
  return values;
}

function bytesOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, f) => sum + bytesOf(join(path, f)), 0);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const env = args.env ?? 'dev';
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(env)) {
    console.error(`--env ${env}: allowed environments: ${ENVIRONMENT_NAMES.join(', ')}`);
    process.exit(2);
  }
  const out = mkdtempSync(join(tmpdir(), 'goldenpath-budget-'));
  try {
    await synthEnvironments(ROOT, out, [env], 'working tree', process.env, (m) => console.error(m));
    const dir = join(out, env);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; properties?: { templateFile?: string; stackName?: string } }>;
    };
    const budgets: StackBudget[] = [];
    let ephemeral: { stackName: string; template: TemplateJson } | undefined;
    for (const [id, artifact] of Object.entries(manifest.artifacts)) {
      if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
      const templatePath = join(dir, artifact.properties.templateFile);
      const template = JSON.parse(readFileSync(templatePath, 'utf8')) as TemplateJson;
      const assets = JSON.parse(readFileSync(join(dir, `${id}.assets.json`), 'utf8')) as {
        files?: Record<string, { source: { path: string } }>;
      };
      const assetBytes = Object.values(assets.files ?? {})
        .map((f) => f.source.path)
        .filter((p) => p !== artifact.properties?.templateFile)
        .reduce((sum, p) => sum + bytesOf(join(dir, p)), 0);
      const stackName = artifact.properties.stackName ?? id;
      budgets.push(
        stackBudget({ stackName, template, templateBytes: statSync(templatePath).size, assetBytes }),
      );
      if (id === 'Ephemeral') ephemeral = { stackName, template };
    }
    let model;
    if (ephemeral) {
      const manifestId = applicationsManifestId(ephemeral.template);
      if (!manifestId) throw new Error('the Ephemeral template has no manifest carrying the Applications');
      const tier1Waves = new Set(CATALOGUE.filter((e) => e.tier === 1).map((e) => e.wave)).size;
      model = {
        stackName: ephemeral.stackName,
        model: deployModel(ephemeral.template, manifestId, tier1Waves),
      };
    }
    const report = renderBudget(budgets, model);
    if (args.out) writeFileSync(args.out, report);
    process.stdout.write(report);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
});
