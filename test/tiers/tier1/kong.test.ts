import { kong } from '../../../tiers/tier1/kong';
import {
  BUILD_ID,
  type Obj,
  expectApplicationOf,
  helmValues,
  renderTiers,
  renderedApplication,
} from '../fixture';

describe('kong', () => {
  const app = () => renderedApplication('ephemeral', 1.5, 'kong');

  test(`rendered for build ${BUILD_ID}, maxTier 1.5`, () => {
    expect(renderTiers('ephemeral', 1.5).apps.kong).toMatchSnapshot();
  });

  test('tier 1, wave 30, pinned chart, in its namespace', () => {
    expectApplicationOf(app(), kong);
  });

  test('neither the Admin API nor Kong Manager gets a Service or an Ingress', () => {
    expect(helmValues(app())).toMatchObject({ admin: { enabled: false }, manager: { enabled: false } });
  });

  test('a KongPlugin answers /healthz on the proxy; the CRD arrives in the same sync', () => {
    const [plugin, ingress] = helmValues(app()).extraObjects as Obj[];
    expect(plugin).toEqual({
      apiVersion: 'configuration.konghq.com/v1',
      kind: 'KongPlugin',
      metadata: { name: 'healthz' },
      plugin: 'request-termination',
      config: { status_code: 200, message: 'ok' },
    });
    expect(ingress.spec.rules[0].http.paths[0].path).toBe('/healthz');
    expect(app().spec.syncPolicy.syncOptions).toContain('SkipDryRunOnMissingResource=true');
  });
});
