import { existsSync, utimesSync } from 'node:fs';

/**
 * Makes a cached build output (lib/ops/build/esbuild-cache.ts) look as if it was built and last
 * found by a run `ms` ago: a prune keeps an output a run found in the last ten minutes.
 */
export function lastUsedAgo(dir: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  for (const path of [dir, `${dir}.used`]) if (existsSync(path)) utimesSync(path, then, then);
}

/** Longer than a prune keeps an output that was in use. */
export const LONG_UNUSED_MS = 11 * 60_000;

/** The cache folder's build outputs: neither indexes (`.json`) nor the marks of use (`.used`). */
export const outputsIn = (names: readonly string[]): string[] =>
  names.filter((n) => !n.endsWith('.json') && !n.endsWith('.used'));
