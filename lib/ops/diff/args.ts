import { ENVIRONMENT_NAMES, type EnvironmentName } from '../../model/config';
import { UserInputError, show } from '../../model/errors';
import { DEFAULT_MAX_CHARS } from './report';

/** `npm run diff` options, validated. */
export interface DiffOptions {
  /** A git ref, or a directory of cloud assemblies. */
  readonly base: string;
  /** A directory of cloud assemblies. @default - the working tree is synthesized */
  readonly head?: string;
  /** Where to write the (possibly truncated) report. @default - standard output */
  readonly out?: string;
  /** Where to write the report without truncation. @default - not written */
  readonly fullOut?: string;
  /** @default DEFAULT_MAX_CHARS */
  readonly maxChars: number;
  /** Environments to synthesize (for a git ref or the working tree). @default every environment */
  readonly envs: readonly EnvironmentName[];
}

export const DIFF_USAGE =
  'usage: npm run diff -- --base <git-ref | directory> [--head <directory>] [--out <file>] [--full-out <file>] [--max-chars <n>] [--envs dev,test,...]';

const FLAGS = ['--base', '--head', '--out', '--full-out', '--max-chars', '--envs'] as const;
type Flag = (typeof FLAGS)[number];

/**
 * Parses `npm run diff` arguments (`--flag value` or `--flag=value`).
 *
 * @throws UserInputError naming every bad flag or value, with what is allowed
 */
export function parseDiffArgs(argv: readonly string[]): DiffOptions {
  const values = new Map<Flag, string>();
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!(FLAGS as readonly string[]).includes(name)) {
      problems.push(`unknown argument ${show(arg)}; allowed: ${FLAGS.join(', ')}`);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      problems.push(`${name} needs a value; ${DIFF_USAGE}`);
      if (value?.startsWith('--')) i--;
      continue;
    }
    if (values.has(name as Flag))
      problems.push(
        `${name} given twice (${show(values.get(name as Flag))} and ${show(value)}); allowed: once`,
      );
    values.set(name as Flag, value);
  }
  if (!values.has('--base') && !problems.some((p) => p.startsWith('--base')))
    problems.push(`--base is required; ${DIFF_USAGE}`);
  const maxChars = parseMaxChars(values.get('--max-chars'), problems);
  const envs = parseEnvs(values.get('--envs'), problems);
  if (problems.length > 0) throw new UserInputError('Invalid arguments to npm run diff', problems);
  return {
    base: values.get('--base')!,
    head: values.get('--head'),
    out: values.get('--out'),
    fullOut: values.get('--full-out'),
    maxChars,
    envs,
  };
}

function parseMaxChars(raw: string | undefined, problems: string[]): number {
  if (raw === undefined) return DEFAULT_MAX_CHARS;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1000) {
    problems.push(`--max-chars ${show(raw)}; allowed: a whole number of characters, at least 1000`);
    return DEFAULT_MAX_CHARS;
  }
  return n;
}

function parseEnvs(raw: string | undefined, problems: string[]): EnvironmentName[] {
  if (raw === undefined) return [...ENVIRONMENT_NAMES];
  const names = raw.split(',').map((s) => s.trim());
  const bad = names.filter((n) => !(ENVIRONMENT_NAMES as readonly string[]).includes(n));
  if (bad.length > 0) {
    problems.push(
      `--envs ${show(raw)}: unknown environment ${bad.map((b) => show(b)).join(', ')}; allowed: a comma-separated list of ${ENVIRONMENT_NAMES.join(', ')}`,
    );
    return [];
  }
  return [...new Set(names)] as EnvironmentName[];
}
