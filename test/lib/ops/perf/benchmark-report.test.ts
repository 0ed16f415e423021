import { otherWorkShare, renderBenchmarkReport } from '../../../../lib/ops/perf/benchmark-report';
import { summarize } from '../../../../lib/ops/perf/stats';

const MACHINE = { description: 'test machine', cores: 2, loadAtStart: 0.5, loadAtEnd: 1, otherWork: 0.02 };

describe('benchmark report', () => {
  test('the report shows each case and the ratios of medians', () => {
    const s = (sec: number) => summarize([{ seconds: sec, peakMiB: 50 }]);
    const report = renderBenchmarkReport(
      [
        { id: 'a', command: 'cmd-a', summary: s(6) },
        { id: 'b', command: 'cmd-b', summary: s(2) },
      ],
      [{ label: 'a / b', numerator: 'a', denominator: 'b' }],
      MACHINE,
      [
        { label: 'a in 5 s', id: 'a', maxSeconds: 5 },
        { label: 'b in 5 s', id: 'b', maxSeconds: 5 },
        { label: 'c, not measured', id: 'c', maxSeconds: 1 },
      ],
    );
    expect(report).toContain('| a | `cmd-a` | 1 | 6.00 | 6.00 | 6.00 | 0 % | 50 |');
    expect(report).toContain('| a / b | 3.00× |');
    expect(report).toContain(
      'Machine: test machine; load average 0.5 at the start, 1.0 at the end; other work used 2 % of its 2 cores during the run.\n',
    );
    expect(report.split('\n').filter((l) => / in 5 s|not measured/.test(l))).toEqual([
      '| a in 5 s | 6.00 | 5.00 | no |',
      '| b in 5 s | 2.00 | 5.00 | yes |',
    ]);
  });

  test('a run on a busy machine says so', () => {
    const report = renderBenchmarkReport([], [], { ...MACHINE, otherWork: 0.34 });
    expect(report).toContain(
      'Machine: test machine; load average 0.5 at the start, 1.0 at the end; other work used 34 % of its 2 cores during the run — **busy**: absolute times are high; the ratios hold better.\n',
    );
  });

  test('a ratio over an unmeasured case is an error, not a blank', () => {
    expect(() =>
      renderBenchmarkReport([], [{ label: 'x', numerator: 'a', denominator: 'b' }], MACHINE),
    ).toThrow('ratio "x" names a case that was not measured: a / b');
  });

  test("busy means other work above a tenth of the machine's CPU, whatever the load average (which counts the benchmark's own processes)", () => {
    const line = (loadAtEnd: number, otherWork: number) =>
      renderBenchmarkReport([], [], { ...MACHINE, loadAtEnd, otherWork })
        .split('\n')
        .find((l) => l.startsWith('Machine: '));
    expect(line(3.1, 0.1)).toBe(
      'Machine: test machine; load average 0.5 at the start, 3.1 at the end; other work used 10 % of its 2 cores during the run.',
    );
    expect(line(0, 0.11)).toContain('**busy**');
  });

  test('without a measured target there is no target table', () => {
    const report = renderBenchmarkReport(
      [{ id: 'a', command: 'cmd-a', summary: summarize([{ seconds: 1, peakMiB: 10 }]) }],
      [],
      MACHINE,
      [{ label: 'c in 1 s', id: 'c', maxSeconds: 1 }],
    );
    expect(report).not.toContain('| target |');
    expect(report.endsWith('| ratio | value |\n| --- | ---: |\n')).toBe(true);
  });

  test('a ratio whose denominator was not measured is an error too', () => {
    const a = { id: 'a', command: 'cmd-a', summary: summarize([{ seconds: 1, peakMiB: 10 }]) };
    expect(() =>
      renderBenchmarkReport([a], [{ label: 'a / b', numerator: 'a', denominator: 'b' }], MACHINE),
    ).toThrow('ratio "a / b" names a case that was not measured: a / b');
  });

  test("other work is the machine's CPU beyond the benchmark's, as a share of every core for the run", () => {
    const run = { cores: 2, wallSeconds: 100 };
    // Only the benchmark ran: nothing else.
    expect(otherWorkShare({ ...run, machineCpuSeconds: 150, ownCpuSeconds: 150 })).toBe(0);
    // Another process kept one of the two cores busy throughout.
    expect(otherWorkShare({ ...run, machineCpuSeconds: 250, ownCpuSeconds: 150 })).toBe(0.5);
    // Clock ticks round the machine's count down a little: never below nothing.
    expect(otherWorkShare({ ...run, machineCpuSeconds: 149.99, ownCpuSeconds: 150 })).toBe(0);
  });
});
