import { externalSecrets } from '../../../tiers/tier1/external-secrets';
import { BUILD_ID, expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('external-secrets', () => {
  const app = () => renderedApplication('ephemeral', 1.5, 'external-secrets');

  test(`rendered for build ${BUILD_ID}, maxTier 1.5`, () => {
    expect(renderTiers('ephemeral', 1.5).apps['external-secrets']).toMatchSnapshot();
  });

  test('tier 1, wave 10, pinned chart, in its namespace', () => {
    expectApplicationOf(app(), externalSecrets);
  });

  test('runs as the service account that gets the Pod Identity role', () => {
    expect(externalSecrets.workloadIdentity).toEqual({
      namespace: 'external-secrets',
      serviceAccount: 'external-secrets',
    });
    expect(helmValues(app()).serviceAccount).toEqual({ name: 'external-secrets' });
  });

  test('ignores the CA bundles its webhook and CRD conversion get after sync', () => {
    expect(app().spec.ignoreDifferences.map((d: { kind: string }) => d.kind)).toEqual([
      'ValidatingWebhookConfiguration',
      'CustomResourceDefinition',
    ]);
  });
});
