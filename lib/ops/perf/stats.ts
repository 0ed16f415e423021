/** One measured run of a whole process. */
export interface RunSample {
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** Peak resident set size of the process tree's largest member, in MiB. */
  readonly peakMiB: number;
}

export interface Summary {
  readonly runs: number;
  readonly medianSeconds: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
  /** (max - min) / median: how noisy the runs were. */
  readonly spread: number;
  readonly medianPeakMiB: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(samples: readonly RunSample[]): Summary {
  const seconds = samples.map((s) => s.seconds);
  const med = median(seconds);
  const min = Math.min(...seconds);
  const max = Math.max(...seconds);
  return {
    runs: samples.length,
    medianSeconds: med,
    minSeconds: min,
    maxSeconds: max,
    spread: med === 0 ? 0 : (max - min) / med,
    medianPeakMiB: median(samples.map((s) => s.peakMiB)),
  };
}

/** `a / b` of the medians, the only timing figure worth comparing across machines. */
export function ratio(a: Summary, b: Summary): number {
  return a.medianSeconds / b.medianSeconds;
}
