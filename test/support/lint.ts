import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** One message of the linter. */
export interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
  readonly line: number;
}

/**
 * Lints each `[path, code]` as if `code` were the file at `path`, with the given rules as the
 * project's eslint.config.mjs sets them for that path (ESLint's Node API, in one child process
 * because the config is an ES module). Only those rules run, without type information.
 */
export function lintAs(
  rules: readonly string[],
  cases: readonly (readonly [string, string])[],
): LintMessage[][] {
  const script = `
    const { ESLint, Linter } = require('eslint');
    const tseslint = require('typescript-eslint');
    const eslint = new ESLint({ cwd: process.cwd() });
    const [ruleIds, cases] = JSON.parse(process.argv[1]);
    Promise.all(cases.map(async ([path, code]) => {
      const all = (await eslint.calculateConfigForFile(path)).rules;
      const rules = Object.fromEntries(ruleIds.filter((id) => all[id] !== undefined).map((id) => [id, all[id]]));
      const messages = new Linter({ configType: 'flat' }).verify(
        code,
        [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules }],
        path,
      );
      return messages.map(({ ruleId, message, line }) => ({ ruleId, message, line }));
    })).then((results) => process.stdout.write(JSON.stringify(results)));
  `;
  const res = spawnSync(process.execPath, ['-e', script, JSON.stringify([rules, cases])], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout) as LintMessage[][];
}
