import { median, summarize } from '../../../../lib/ops/perf/stats';

describe('benchmark statistics', () => {
  test('median of odd and even counts', () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2])]).toEqual([2, 2.5]);
  });

  test('summary: median, range and spread relative to the median', () => {
    expect(
      summarize([
        { seconds: 2, peakMiB: 100 },
        { seconds: 4, peakMiB: 300 },
        { seconds: 3, peakMiB: 200 },
      ]),
    ).toEqual({ runs: 3, medianSeconds: 3, minSeconds: 2, maxSeconds: 4, spread: 2 / 3, medianPeakMiB: 200 });
  });
});
