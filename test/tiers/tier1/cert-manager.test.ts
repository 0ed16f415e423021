import { certManager } from '../../../tiers/tier1/cert-manager';
import { BUILD_ID, expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('cert-manager', () => {
  const app = () => renderedApplication('ephemeral', 1, 'cert-manager');

  test(`rendered for build ${BUILD_ID}, maxTier 1.5`, () => {
    expect(renderTiers('ephemeral', 1.5).apps['cert-manager']).toMatchSnapshot();
  });

  test('tier 1, wave 24, pinned chart, in its namespace', () => {
    expectApplicationOf(app(), certManager);
  });

  test('installs its CRDs, keeps them on uninstall, and elects its leader in its own namespace', () => {
    expect(helmValues(app())).toEqual({
      crds: { enabled: true, keep: true },
      global: { leaderElection: { namespace: 'cert-manager' } },
    });
  });

  test('ignores the CA bundles cainjector writes into both webhooks', () => {
    expect(app().spec.ignoreDifferences.map((d: { kind: string }) => d.kind)).toEqual([
      'MutatingWebhookConfiguration',
      'ValidatingWebhookConfiguration',
    ]);
  });
});
