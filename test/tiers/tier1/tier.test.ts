import { spawnSync } from 'node:child_process';
import { TIER_1, tier1App } from '../../../tiers/tier1/tier';
import { demoApp } from '../fixture';

describe('tier 1', () => {
  test('tier1App makes apps of tier 1', () => {
    const { tier, ...rest } = demoApp(2);
    expect([tier, tier1App(rest)]).toEqual([2, { ...rest, tier: 1 }]);
  });

  test('its acceptance starts by waiting for every tier 1 Application in argocd to be Healthy, reading Applications only', () => {
    const [healthy, ...others] = TIER_1.acceptance!;
    expect(others).toEqual([]);
    expect(healthy.id).toBe('tier-1-applications-healthy');
    expect(healthy.reads).toEqual([{ apiGroup: 'argoproj.io', resource: 'applications' }]);
    expect(healthy.remedy).toBe('kubectl get applications -n argocd -l goldenpath.idp/tier=1');
    // The script's kubectl arguments, as the shell passes them (a stand-in kubectl prints them).
    const run = spawnSync('/bin/sh', ['-c', `kubectl() { printf '%s\\n' "$@"; }; ${healthy.script}`], {
      encoding: 'utf8',
    });
    expect(run.stdout.split('\n')).toEqual([
      'wait',
      '--for=jsonpath={.status.health.status}=Healthy',
      'applications.argoproj.io',
      '-n',
      'argocd',
      '-l',
      'goldenpath.idp/tier=1',
      '--timeout=120s',
      '',
    ]);
  });
});
