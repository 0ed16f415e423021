// `npm run budget` apart from its entry point, bin/budget.ts, which runs as soon as it is loaded:
// tests check every bad input here, in-process, and spawn the command only to prove the wiring.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvironmentName } from '../../model/config';
import { UserInputError, show } from '../../model/errors';
import { CATALOGUE } from '../../../tiers/catalogue';
import { type SynthCommandIo, synthEnvironments } from '../diff/synth';
import type { TemplateJson } from '../template-graph';
import { type StackBudget, applicationsManifestId, deployModel, renderBudget, stackBudget } from './budget';

const USAGE = 'allowed: --env <environment>, --out <file>';

/**
 * `--env <name>` and `--out <file>`; anything else is refused, so a typo never runs the default.
 * (Not parseCommandArgs: node's message for `--env --out x.md` is three lines.)
 */
function parseBudgetArgs(argv: readonly string[]): { env?: string; out?: string } {
  const values: { env?: string; out?: string } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [arg, value] = [argv[i], argv[i + 1]];
    const problem =
      arg !== '--env' && arg !== '--out'
        ? `unknown argument ${show(arg)}`
        : value === undefined || value.startsWith('--')
          ? `${arg} needs a value`
          : undefined;
    if (problem) throw new UserInputError('Invalid arguments to npm run budget', [`${problem}; ${USAGE}`]);
    values[arg === '--env' ? 'env' : 'out'] = value;
  }
  return values;
}

function bytesOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, f) => sum + bytesOf(join(path, f)), 0);
}

/**
 * Synthesizes the environment the command line (`process.argv.slice(2)`) names, with a build id,
 * and writes the report to stdout (and to `--out`); resolves to the exit code, 0. Throws a
 * UserInputError for bad arguments, before any synth.
 */
export async function runBudgetCommand(argv: readonly string[], io: SynthCommandIo): Promise<number> {
  const args = parseBudgetArgs(argv);
  const env = parseEnvironmentName(args.env);
  const out = mkdtempSync(join(tmpdir(), 'goldenpath-budget-'));
  try {
    await synthEnvironments(io.repoRoot, out, [env], 'working tree', io.env, io.err);
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
    io.out(report);
    return 0;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The message and exit code of a budget that threw: the message alone, exit 2. */
export function budgetFailure(err: unknown): { readonly code: 2; readonly message: string } {
  const message = err instanceof Error ? err.message : String(err);
  // parseEnvironmentName names the CDK context key; say the flag this command was given instead.
  return { code: 2, message: message.replace(/-c env=/g, '--env ') };
}
