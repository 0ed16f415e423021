import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function bench(args: readonly string[]) {
  const res = spawnSync(process.execPath, ['bin/run.js', 'bin/bench.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const gitStatus = () =>
  spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT, encoding: 'utf8' })
    .stdout;

describe('npm run bench', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'goldenpath-bench-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the report where --out says, and leaves the checkout as it was', () => {
    const before = gitStatus();
    const out = join(dir, 'report.md');
    const { code, stderr } = bench(['--only', 'floor', '--runs', '1', '--out', out]);
    expect({ code, stderr: stderr.split('\n').filter((l) => !l.startsWith('bench: ')) }).toEqual({
      code: 0,
      stderr: [''],
    });
    const report = readFileSync(out, 'utf8');
    expect(report).toMatch(
      /^\| floor \| `node -e "const \{ App, Stack \} = require\('aws-cdk-lib'\);.*` \| 1 \| \d+\.\d\d \|/m,
    );
    expect(report).toMatch(
      /^Machine: \d+ cores .*; load average \d+\.\d at the start, \d+\.\d at the end; other work used \d+ % of its \d+ cores during the run/m,
    );
    expect(gitStatus()).toBe(before);
  });

  test('an unknown case is refused with the allowed ones', () => {
    expect(bench(['--only', 'synth,nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        '--only nope: allowed cases are synth, synth-build, synth-validated, app-only, app-tsx, floor, floor-cli, typecheck, test\n',
    });
  });
});
