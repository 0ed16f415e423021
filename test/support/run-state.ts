import { rmSync } from 'node:fs';

/** What the global setup started, for the global teardown (both run in jest's main process). */
export interface RunState {
  readonly started: { stop(): Promise<void>; stopNow(): void }[];
  dir: string | undefined;
}

export const RUN_STATE = '__goldenpathTestRun';

export function runState(): RunState | undefined {
  return (globalThis as Record<string, unknown>)[RUN_STATE] as RunState | undefined;
}

/** Stops every server at once and removes the run's directory; safe to call twice. */
export function stopAllNow(state: RunState): void {
  for (const s of state.started.splice(0)) {
    try {
      s.stopNow();
    } catch {
      // already gone
    }
  }
  if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  state.dir = undefined;
}
