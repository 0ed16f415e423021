import { clusterIssuers } from '../../../tiers/tier1/cluster-issuers';
import {
  BUILD_ID,
  type Obj,
  expectApplicationOf,
  helmValues,
  renderTiers,
  renderedApplication,
} from '../fixture';

describe('cluster-issuers', () => {
  const issuers = () => helmValues(renderedApplication('ephemeral', 1, 'cluster-issuers')).resources as Obj[];

  test(`rendered for build ${BUILD_ID}, maxTier 1.5`, () => {
    expect(renderTiers('ephemeral', 1.5).apps['cluster-issuers']).toMatchSnapshot();
  });

  test('tier 1, wave 25, raw chart', () => {
    expectApplicationOf(renderedApplication('ephemeral', 1, 'cluster-issuers'), clusterIssuers);
  });

  test('selfsigned and the two Let’s Encrypt directories, solving HTTP-01 through the kong ingress class', () => {
    expect(issuers().map((i) => [i.kind, i.metadata.name, i.spec.acme?.server ?? 'selfSigned'])).toEqual([
      ['ClusterIssuer', 'selfsigned', 'selfSigned'],
      ['ClusterIssuer', 'letsencrypt-staging', 'https://acme-staging-v02.api.letsencrypt.org/directory'],
      ['ClusterIssuer', 'letsencrypt-prod', 'https://acme-v02.api.letsencrypt.org/directory'],
    ]);
    expect(issuers()[1].spec.acme.solvers).toEqual([{ http01: { ingress: { ingressClassName: 'kong' } } }]);
  });
});
