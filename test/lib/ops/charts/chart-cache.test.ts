import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cacheDirs,
  chartArchive,
  chartArchiveName,
  helmPullArgs,
  helmPullCommand,
} from '../../../../lib/ops/charts/chart-cache';
import { tempDirPerTest } from './fixtures';

const CERT_MANAGER = { repo: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' };

describe('cacheDirs', () => {
  test.each([
    [
      'nothing set: under ~/.cache',
      {},
      '/home/u/.cache/goldenpath-cdk/tools',
      '/home/u/.cache/goldenpath-cdk/charts',
    ],
    [
      'XDG_CACHE_HOME set',
      { XDG_CACHE_HOME: '/xdg' },
      '/xdg/goldenpath-cdk/tools',
      '/xdg/goldenpath-cdk/charts',
    ],
    [
      'XDG_CACHE_HOME relative: ignored, as the spec says',
      { XDG_CACHE_HOME: 'xdg' },
      '/home/u/.cache/goldenpath-cdk/tools',
      '/home/u/.cache/goldenpath-cdk/charts',
    ],
    [
      'GOLDENPATH_CHART_CACHE relative: against the repository (as CI sets it)',
      { GOLDENPATH_CHART_CACHE: '../shared/charts' },
      '/home/u/.cache/goldenpath-cdk/tools',
      '/work/shared/charts',
    ],
    [
      'GOLDENPATH_CHART_CACHE absolute',
      { GOLDENPATH_CHART_CACHE: '/charts', XDG_CACHE_HOME: '/xdg' },
      '/xdg/goldenpath-cdk/tools',
      '/charts',
    ],
  ])('%s', (_, env, tools, charts) => {
    expect(cacheDirs(env, '/work/main', '/home/u')).toEqual({ tools, charts });
  });
});

describe('helm pull', () => {
  test('archives are named as helm pull names them, a v prefix kept', () => {
    expect(chartArchiveName(CERT_MANAGER)).toBe('cert-manager-v1.21.1.tgz');
  });

  test.each([
    [
      'a chart repository',
      CERT_MANAGER,
      [
        'pull',
        'cert-manager',
        '--repo',
        'https://charts.jetstack.io',
        '--version',
        'v1.21.1',
        '--destination',
        '/c',
      ],
    ],
    [
      'an OCI registry',
      { repo: 'oci://ghcr.io/example/charts/', chart: 'app', version: '1.0.0' },
      ['pull', 'oci://ghcr.io/example/charts/app', '--version', '1.0.0', '--destination', '/c'],
    ],
  ])('from %s', (_, ref, args) => {
    expect(helmPullArgs(ref, '/c')).toEqual(args);
  });

  test('the command line quotes what a shell would split', () => {
    expect(helmPullCommand(CERT_MANAGER, '/my charts', '/opt/helm')).toBe(
      "/opt/helm pull cert-manager --repo https://charts.jetstack.io --version v1.21.1 --destination '/my charts'",
    );
  });
});

describe('chartArchive', () => {
  const dir = tempDirPerTest('chart-cache-');

  test('finds a cached archive', () => {
    writeFileSync(join(dir(), 'cert-manager-v1.21.1.tgz'), '');

    expect(chartArchive(dir(), CERT_MANAGER)).toBe(join(dir(), 'cert-manager-v1.21.1.tgz'));
  });

  test('a chart missing from the cache fails with the command that fetches it', () => {
    writeFileSync(join(dir(), 'cert-manager-v1.18.2.tgz'), '');

    expect(() => chartArchive(dir(), CERT_MANAGER, '/opt/helm')).toThrow(
      `Chart cert-manager v1.21.1 is not in the chart cache: ${dir()}/cert-manager-v1.21.1.tgz does not exist; ` +
        `fetch it with \`/opt/helm pull cert-manager --repo https://charts.jetstack.io --version v1.21.1 --destination ${dir()}\` ` +
        '(`npm run charts:pull` fetches every pinned chart), or point GOLDENPATH_CHART_CACHE at a cache that has it',
    );
  });
});
