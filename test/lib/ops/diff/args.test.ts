import { parseDiffArgs } from '../../../../lib/ops/diff/args';

describe('parseDiffArgs', () => {
  test('defaults: every environment, a comment-sized report on standard output', () => {
    expect(parseDiffArgs(['--base', 'origin/main'])).toEqual({
      base: 'origin/main',
      head: undefined,
      out: undefined,
      fullOut: undefined,
      maxChars: 60_000,
      envs: ['dev', 'test', 'staging', 'prod'],
    });
  });

  test('every flag, in both spellings', () => {
    expect(
      parseDiffArgs([
        '--base=HEAD~1',
        '--head',
        'cdk.out.pr',
        '--out',
        'r.md',
        '--full-out=full.md',
        '--max-chars',
        '2000',
        '--envs',
        'prod,dev',
      ]),
    ).toEqual({
      base: 'HEAD~1',
      head: 'cdk.out.pr',
      out: 'r.md',
      fullOut: 'full.md',
      maxChars: 2000,
      envs: ['prod', 'dev'],
    });
  });

  test('a missing --base names the flag and shows the usage', () => {
    expect(() => parseDiffArgs([])).toThrow(
      'Invalid arguments to npm run diff: --base is required; usage: npm run diff -- --base <git-ref | directory> [--head <directory>] [--out <file>] [--full-out <file>] [--max-chars <n>] [--envs dev,test,...]',
    );
  });

  test('every bad argument is reported together', () => {
    expect(() =>
      parseDiffArgs(['--base', 'main', '--bogus', '--envs', 'dev,qa', '--max-chars', 'ten']),
    ).toThrow(
      [
        'Invalid arguments to npm run diff:',
        '  - unknown argument "--bogus"; allowed: --base, --head, --out, --full-out, --max-chars, --envs',
        '  - --max-chars "ten"; allowed: a whole number of characters, at least 1000',
        '  - --envs "dev,qa": unknown environment "qa"; allowed: a comma-separated list of dev, test, staging, prod',
      ].join('\n'),
    );
  });

  test('a flag without its value', () => {
    expect(() => parseDiffArgs(['--base', '--out', 'r.md'])).toThrow(
      'Invalid arguments to npm run diff: --base needs a value; usage: npm run diff -- --base <git-ref | directory> [--head <directory>] [--out <file>] [--full-out <file>] [--max-chars <n>] [--envs dev,test,...]',
    );
  });
});
