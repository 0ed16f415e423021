import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBin } from '../support/cli';

describe('npm run budget', () => {
  // One real synth (dev, with a build): the report's every part comes from the synthesized files.
  test('reports every stack of the environment and the modeled path of its build, to stdout and --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'goldenpath-budget-test-'));
    try {
      const out = join(dir, 'budget.md');
      const r = runBin('bin/budget.ts', ['--env', 'dev', '--out', out]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: 'synth working tree env=dev\n' });
      expect(readFileSync(out, 'utf8')).toBe(r.stdout);
      const rows = r.stdout.split('\n').filter((l) => /^\| goldenpath-/.test(l));
      expect(rows.map((l) => l.split(' | ')[0])).toEqual([
        '| goldenpath-dev-foundation',
        '| goldenpath-dev-persistent',
        '| goldenpath-dev-b-pr-0',
      ]);
      // Asset bytes are measured from the assembly: the clusters ship the kubectl layer.
      for (const row of rows.slice(1))
        expect(Number(row.split(' | ')[8].replace(' |', ''))).toBeGreaterThan(1e6);
      expect(r.stdout).toContain('\n## Modeled deploy path: goldenpath-dev-b-pr-0\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Every bad input is checked in-process (test/lib/ops/perf/budget-command.test.ts); this one
  // proves the wiring: the message on stderr, nothing on stdout, exit 2.
  test('bad input: one clear line, exit 2, no synth', () => {
    expect(runBin('bin/budget.ts', ['--env', 'qa'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Unknown environment: --env qa: allowed environments: dev, test, staging, prod\n',
    });
  });
});
