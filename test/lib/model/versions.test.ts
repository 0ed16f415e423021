import { MIN_STANDARD_SUPPORT_DAYS, VERSIONS, standardSupportDaysLeft } from '../../../lib/model/versions';

/** A floating reference: a range, a wildcard, or a tag/branch that moves. */
const FLOATING =
  /(^|[^a-z])(latest|main|master|head|stable|edge|nightly|trunk)([^a-z]|$)|[\^~*<>|]|(^|\.)x(\.|$)| - /i;
/** An exact version: `1.35`, `15.17`, `v1.18.2`, `6.4.0-26.1.0`. */
const EXACT = /^v?\d+(\.\d+)+(-[0-9A-Za-z.]+)?$/;

/** Every problem of one leaf of the versions manifest; an empty list means it is exact. */
function versionProblems(path: string, value: string): string[] {
  if (/^https?:\/\//.test(value)) return [];
  if (path.startsWith('images.') && !/:[^/]+$/.test(value)) return [`${path}: ${value} has no tag`];
  const image = /^[a-z0-9.-]+(\/[a-z0-9._-]+)+:(.+)$/.exec(value);
  const version = image ? image[2] : value;
  if (FLOATING.test(version)) return [`${path}: ${value} is not exact`];
  if ((image || /(^|\.)(version|kubernetes|postgres)$/.test(path)) && !EXACT.test(version)) {
    return [`${path}: ${value} is not an exact version`];
  }
  return [];
}

function leaves(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  throw new Error(`${path}: unexpected ${typeof value} in the versions manifest`);
}

describe('versions manifest', () => {
  test('every version, chart and image in VERSIONS is exact', () => {
    const problems = leaves(VERSIONS, '').flatMap(([p, v]) => versionProblems(p, v));
    expect(problems).toEqual([]);
  });

  test('every chart has a repository, a name and a version', () => {
    for (const [key, chart] of Object.entries(VERSIONS.charts)) {
      expect([key, Object.keys(chart).sort()]).toEqual([key, ['chart', 'repo', 'version']]);
      expect(chart.repo).toMatch(/^https:\/\//);
    }
  });

  test.each([
    ['charts.kong.version', '^2.48.0'],
    ['charts.kong.version', '~2.48'],
    ['charts.kong.version', '2.x'],
    ['charts.kong.version', '>=2.0.0'],
    ['charts.kong.version', '*'],
    ['charts.kong.version', 'main'],
    ['charts.kong.version', 'latest'],
    ['charts.kong.version', '2.48.0 - 2.50.0'],
    ['images.clusterChecks', 'docker.io/alpine/k8s:latest'],
    ['images.clusterChecks', 'docker.io/alpine/k8s:master'],
    ['images.clusterChecks', 'docker.io/alpine/k8s'],
    ['images.clusterChecks', 'docker.io/alpine/k8s:1.33.x'],
  ])('the check refuses %s = %s', (path, value) => {
    expect(versionProblems(path, value)).toHaveLength(1);
  });

  test.each([
    ['charts.certManager.version', 'v1.18.2'],
    ['images.keycloakConfigCli', 'docker.io/adorsys/keycloak-config-cli:6.4.0-26.1.0'],
    ['kubernetes', '1.35'],
  ])('the check accepts %s = %s', (path, value) => {
    expect(versionProblems(path, value)).toEqual([]);
  });
});

describe('EKS currency', () => {
  test(`the pinned Kubernetes version has at least ${MIN_STANDARD_SUPPORT_DAYS} days of standard support left when the versions were reviewed`, () => {
    expect(standardSupportDaysLeft(VERSIONS.reviewed)).toBeGreaterThanOrEqual(MIN_STANDARD_SUPPORT_DAYS);
  });

  test.each([
    ['2026-12-02', '2027-03-27', 115],
    ['2027-01-01', '2027-03-27', 85],
    ['2027-03-27', '2027-03-27', 0],
    ['2027-04-01', '2027-03-27', -5],
  ])('from %s to %s: %i days (the check fails below the margin)', (on, ends, days) => {
    expect(standardSupportDaysLeft(on, ends)).toBe(days);
    expect(days >= MIN_STANDARD_SUPPORT_DAYS).toBe(days === 115);
  });

  test('a date that is not an ISO date is refused, naming it', () => {
    expect(() => standardSupportDaysLeft('02/12/2026')).toThrow(
      'Invalid date: date: "02/12/2026"; allowed: an ISO date (YYYY-MM-DD)',
    );
  });

  test('the add-on builds are for the pinned Kubernetes minor (kube-proxy carries it)', () => {
    expect(VERSIONS.eksAddons['kube-proxy']).toMatch(
      new RegExp(`^v${VERSIONS.kubernetes.replace('.', '\\.')}\\.`),
    );
  });
});
