import { renderBenchmarkReport } from '../../../../lib/ops/perf/benchmark-report';
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

  test('the report shows each case and the ratios of medians', () => {
    const s = (sec: number) => summarize([{ seconds: sec, peakMiB: 50 }]);
    const report = renderBenchmarkReport(
      [
        { id: 'a', command: 'cmd-a', summary: s(6) },
        { id: 'b', command: 'cmd-b', summary: s(2) },
      ],
      [{ label: 'a / b', numerator: 'a', denominator: 'b' }],
      'test machine',
    );
    expect(report).toContain('| a | `cmd-a` | 1 | 6.00 | 6.00 | 6.00 | 0 % | 50 |');
    expect(report).toContain('| a / b | 3.00× |');
  });

  test('a ratio over an unmeasured case is an error, not a blank', () => {
    expect(() => renderBenchmarkReport([], [{ label: 'x', numerator: 'a', denominator: 'b' }], 'm')).toThrow(
      'ratio "x" names a case that was not measured: a / b',
    );
  });
});
