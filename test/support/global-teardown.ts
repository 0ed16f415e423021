import { rmSync } from 'node:fs';
import { runState } from './run-state';

/** Stops every server the global setup started and removes the run's temporary directory. */
export default async function globalTeardown(): Promise<void> {
  const state = runState();
  if (!state) return;
  const results = await Promise.allSettled(state.started.splice(0).map((s) => s.stop()));
  if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  state.dir = undefined;
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    throw new Error(`stopping the test servers failed: ${failed.map((f) => String(f.reason)).join('; ')}`);
  }
}
