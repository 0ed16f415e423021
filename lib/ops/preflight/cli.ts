// What `npm run preflight` makes of its arguments and of a failure, apart from bin/preflight.ts,
// which runs as soon as it is loaded: tests check every bad input here, in-process, and spawn the
// command only to prove the wiring.
import { parseBuildId } from '../../model/build-id';
import { loadEnvironmentConfig } from '../../model/config';
import { UserInputError } from '../../model/errors';
import { resolveMaxTier } from '../../model/tier';
import { parseCommandArgs } from '../command-args';
import type { PreflightTarget } from './run';

export const PREFLIGHT_USAGE =
  'usage: npm run preflight -- --env <env> [--build-id <id>] [--max-tier <t>] [--json]';

/** What to check and how to print it. */
export interface PreflightCommand {
  readonly target: PreflightTarget;
  /** Print the report as JSON. */
  readonly json: boolean;
}

/**
 * Reads the command line (`process.argv.slice(2)`) and the environments file, which it reads only
 * once the arguments parse. Throws a UserInputError for bad arguments or configuration.
 */
export function parsePreflightCommand(
  argv: readonly string[],
  readEnvironments: () => unknown,
): PreflightCommand {
  const args = parseCommandArgs(
    argv,
    {
      env: { type: 'string' },
      'build-id': { type: 'string' },
      'max-tier': { type: 'string' },
      json: { type: 'boolean' },
    },
    PREFLIGHT_USAGE,
  );
  const config = loadEnvironmentConfig(readEnvironments(), args.env);
  const buildId = args['build-id'] === undefined ? undefined : parseBuildId(args['build-id']);
  const lifecycle = buildId === undefined ? 'persistent' : 'ephemeral';
  const maxTier = resolveMaxTier(lifecycle, args['max-tier'], buildId);
  return { target: { config, lifecycle, maxTier, buildId }, json: args.json === true };
}

/**
 * The message and exit code of a preflight that threw: 2 for bad arguments or configuration,
 * 3 for anything else.
 */
export function preflightFailure(err: unknown): { readonly code: 2 | 3; readonly message: string } {
  // The validators name CDK context keys; say the flag this command was given instead.
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: err instanceof UserInputError ? 2 : 3,
    message: message
      .replace(/-c env=/g, '--env ')
      .replace(/-c buildId=?/g, '--build-id ')
      .replace(/-c maxTier=/g, '--max-tier '),
  };
}
