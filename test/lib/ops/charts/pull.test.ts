import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pullCharts } from '../../../../lib/ops/charts/pull';
import { tempDirPerTest } from './fixtures';

const KONG = { repo: 'https://charts.konghq.com', chart: 'kong', version: '3.4.1' };
const RAW = { repo: 'https://bedag.github.io/helm-charts/', chart: 'raw', version: '2.0.2' };
const GONE = { repo: 'https://charts.example.com', chart: 'gone', version: '1.0.0' };
const MISNAMED = { repo: 'https://charts.jetstack.io', chart: 'cert-manager', version: '1.21.1' };

/**
 * A stand-in for helm: `pull <chart> --repo <repo> --version <v> --destination <dir>` writes
 * `<chart>-<v>.tgz` holding its arguments, except that chart `gone` does not exist and
 * cert-manager's archive is named with a `v`, as the real chart's is.
 */
const FAKE_HELM = `#!/bin/sh
chart=$2; version=$6; dest=$8
case "$chart" in
  gone) echo "Error: chart \\"gone\\" version \\"$version\\" not found in $4 repository" >&2; exit 1 ;;
  cert-manager) version="v$version" ;;
esac
echo "$@" > "$dest/$chart-$version.tgz"
`;

describe('pullCharts', () => {
  const dir = tempDirPerTest('pull-');
  let helm: string;
  beforeEach(() => {
    helm = join(dir(), 'helm');
    writeFileSync(helm, FAKE_HELM);
    chmodSync(helm, 0o755);
  });

  test('pulls what the cache lacks, keeps what it has, and reports each failure with the retry command', () => {
    const cacheDir = join(dir(), 'charts');
    pullCharts({ helm, cacheDir, charts: [RAW] });
    writeFileSync(join(cacheDir, 'raw-2.0.2.tgz'), 'cached before');

    const outcomes = pullCharts({ helm, cacheDir, charts: [KONG, RAW, GONE, MISNAMED] });

    expect(outcomes).toEqual([
      { chart: KONG, status: 'pulled' },
      { chart: RAW, status: 'cached' },
      {
        chart: GONE,
        status: 'failed',
        reason: `Error: chart "gone" version "1.0.0" not found in https://charts.example.com repository; retry: ${helm} pull gone --repo https://charts.example.com --version 1.0.0 --destination ${cacheDir}`,
      },
      {
        chart: MISNAMED,
        status: 'failed',
        reason: `helm pull wrote no cert-manager-1.21.1.tgz (is the version spelled as the chart spells it?); retry: ${helm} pull cert-manager --repo https://charts.jetstack.io --version 1.21.1 --destination ${cacheDir}`,
      },
    ]);
    expect(readdirSync(cacheDir).sort()).toEqual(['kong-3.4.1.tgz', 'raw-2.0.2.tgz']);
    expect(readFileSync(join(cacheDir, 'raw-2.0.2.tgz'), 'utf8')).toBe('cached before');
    expect(readFileSync(join(cacheDir, 'kong-3.4.1.tgz'), 'utf8')).toMatch(
      /^pull kong --repo https:\/\/charts\.konghq\.com --version 3\.4\.1 --destination \S+\/\.pull-\w+\n$/,
    );
  });

  test('a helm that cannot start is a failure of each chart, not a crash', () => {
    const outcomes = pullCharts({
      helm: join(dir(), 'no-helm'),
      cacheDir: join(dir(), 'charts'),
      charts: [KONG],
    });

    expect(outcomes).toEqual([
      {
        chart: KONG,
        status: 'failed',
        reason: expect.stringMatching(/^spawnSync \S+no-helm ENOENT; retry: /) as string,
      },
    ]);
    expect(existsSync(join(dir(), 'charts', 'kong-3.4.1.tgz'))).toBe(false);
  });
});
