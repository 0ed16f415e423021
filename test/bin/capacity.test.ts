import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBin } from '../support/cli';

const ROOT = join(__dirname, '..', '..');

/**
 * bin/capacity.ts writes into the checkout it sits in, so it runs from a copy: the script itself,
 * `lib/` by symlink, and a config and docs folder of the test's own.
 */
describe('npm run capacity', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'goldenpath-capacity-test-'));
    for (const sub of ['bin', 'config', 'docs']) mkdirSync(join(dir, sub));
    for (const file of ['capacity.ts', 'environments-file.ts'])
      copyFileSync(join(ROOT, 'bin', file), join(dir, 'bin', file));
    symlinkSync(join(ROOT, 'lib'), join(dir, 'lib'), 'dir');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('writes docs/capacity.md from config/environments.json: the committed config gives the committed page', () => {
    copyFileSync(join(ROOT, 'config', 'environments.json'), join(dir, 'config', 'environments.json'));
    expect(runBin(join(dir, 'bin', 'capacity.ts'), [])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'capacity: wrote docs/capacity.md\n',
    });
    expect(readFileSync(join(dir, 'docs', 'capacity.md'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'docs', 'capacity.md'), 'utf8'),
    );
  });

  test('an invalid config is one clear line and exit 1, and no page is written', () => {
    writeFileSync(join(dir, 'config', 'environments.json'), '{"environments": []}');
    expect(runBin(join(dir, 'bin', 'capacity.ts'), [])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Invalid configuration for environment "dev": environments: received []; expected an object keyed by environment name\n',
    });
    expect(() => readFileSync(join(dir, 'docs', 'capacity.md'))).toThrow(/ENOENT/);
  });

  test('a config that is not JSON is one clear line naming the file, not a stack trace', () => {
    writeFileSync(join(dir, 'config', 'environments.json'), '{"environments": {,}}');
    const run = runBin(join(dir, 'bin', 'capacity.ts'), []);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^Invalid environments file: .*config\/environments\.json: received text that is not JSON \(/,
    );
    expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
