import { spawnSync } from 'node:child_process';
import {
  type AcceptanceStep,
  acceptanceHook,
  acceptanceOf,
  curlJson,
  httpJson,
  httpOk,
} from '../../tiers/acceptance';
import { ACCEPTANCE, TIER_CATALOGUE } from '../../tiers/catalogue';
import { perTier } from '../../tiers/definition';
import { demoApp } from './fixture';
import { describeWithJq } from './with-jq';
import { userInputMessage } from '../util';

const step = (id: string, reads?: AcceptanceStep['reads']): AcceptanceStep => ({
  id,
  description: `${id} works`,
  remedy: `fix ${id}`,
  script: `check-${id}`,
  reads,
});

describe('tier acceptance, derived from the catalogue', () => {
  test('each tier checks its own steps, then its apps’ in wave order (DESIGN §3)', () => {
    expect(perTier((t) => ACCEPTANCE[`${t}`].steps.map((s) => s.id))).toEqual({
      '0': [],
      '1': ['tier-1-applications-healthy', 'kong-healthz'],
      '1.5': ['prometheus-targets-up', 'grafana-health'],
      '2': ['backstage-200', 'grafana-database'],
      '3': ['keycloak-realm', 'argocd-admin', 'oidc-login'],
    });
  });

  test('only tiers 1 and 3 read the API: the Applications of tier 1, the ExternalSecret of ArgoCD’s admin', () => {
    expect(perTier((t) => ACCEPTANCE[`${t}`].reads)).toEqual({
      '0': [],
      '1': [{ apiGroup: 'argoproj.io', resource: 'applications' }],
      '1.5': [],
      '2': [],
      '3': [{ apiGroup: 'external-secrets.io', resource: 'externalsecrets' }],
    });
  });

  test('steps keep their script and drop their reads; the reads are merged without duplicates', () => {
    const app = demoApp(2, { acceptance: [step('b', [{ apiGroup: '', resource: 'pods' }])] });
    const catalogue = {
      ...TIER_CATALOGUE,
      '2': { tier: 2, acceptance: [step('a', [{ apiGroup: '', resource: 'pods' }])], apps: [app] },
    } as const;
    expect(acceptanceOf(catalogue)['2']).toEqual({
      steps: [
        { id: 'a', description: 'a works', remedy: 'fix a', script: 'check-a' },
        { id: 'b', description: 'b works', remedy: 'fix b', script: 'check-b' },
      ],
      reads: [{ apiGroup: '', resource: 'pods' }],
    });
  });

  test('the secrets steps read are merged; one variable from two secrets is refused', () => {
    const reading = (id: string, secret: string) => ({
      ...step(id),
      secretEnv: { TOKEN: { secret, key: 'k' } },
    });
    const catalogue = (b: string) =>
      ({
        ...TIER_CATALOGUE,
        '2': { tier: 2, acceptance: [reading('a', 's1'), reading('b', b)], apps: [] },
      }) as const;
    expect(acceptanceOf(catalogue('s1'))['2'].secretEnv).toEqual({ TOKEN: { secret: 's1', key: 'k' } });
    expect(userInputMessage(() => acceptanceOf(catalogue('s2')))).toBe(
      'Tier 2 acceptance: steps read one variable from two secrets: TOKEN: s1/k and s2/k; allowed: one Secret key per variable',
    );
    expect(ACCEPTANCE['2'].secretEnv).toBeUndefined();
  });

  test('scripts quote their URL and filter for the shell', () => {
    expect(httpOk("http://x/it's")).toBe("curl -fsS --max-time 10 -o /dev/null 'http://x/it'\\''s'");
    expect(httpJson('http://x/health', '.ok == "yes"')).toBe(
      `body=$(curl -fsS --max-time 10 'http://x/health') && [ -n "$body" ] && printf '%s' "$body" | jq -e '.ok == "yes"' >/dev/null`,
    );
  });
});

describe('acceptanceHook', () => {
  test('is the acceptance hook of the tier in the wave and namespace given', () => {
    expect(acceptanceHook(1.5, 51, 'argocd', ACCEPTANCE['1.5'])).toEqual({
      tier: 1.5,
      kind: 'acceptance',
      wave: 51,
      namespace: 'argocd',
      steps: ACCEPTANCE['1.5'].steps,
      reads: [],
    });
  });

  test('a tier without steps has none', () => {
    expect(acceptanceHook(0, 1, 'argocd', ACCEPTANCE['0'])).toBeUndefined();
  });
});

describeWithJq()('curlJson', () => {
  const sh = (script: string) => spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' }).status;

  test('passes only when the request succeeds and its JSON satisfies the filter', () => {
    expect(sh(curlJson(`printf '{"ok":"yes"}'`, '.ok == "yes"'))).toBe(0);
    expect(sh(curlJson(`printf '{"ok":"no"}'`, '.ok == "yes"'))).not.toBe(0);
    // A failed request (curl -f on a 5xx exits 22, with no body) fails the step, though jq 1.6
    // exits 0 on empty input.
    expect(sh(curlJson('exit 22', '.ok == "yes"'))).not.toBe(0);
    expect(sh(curlJson(`printf ''`, '.ok == "yes"'))).not.toBe(0);
  });
});
