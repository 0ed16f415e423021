import { Chart, Testing } from 'cdk8s';
import { GENERATED_PASSWORD_KEY, generatedPassword } from '../../tiers/generated-password';
import type { Obj } from './fixture';

describe('generatedPassword', () => {
  const render = () => {
    const chart = new Chart(Testing.app(), 'demo', { namespace: 'grafana', disableResourceNameHashes: true });
    generatedPassword(chart, 'grafana-admin');
    return Testing.synth(chart) as Obj[];
  };

  test('rendered: a Password generator and the ExternalSecret that writes it once', () => {
    expect(render()).toMatchSnapshot();
  });

  test('generated once in the cluster (CreatedOnce), into a Secret of that name the ExternalSecret owns', () => {
    const [generator, secret] = render();
    expect([generator.apiVersion, generator.kind, generator.metadata]).toEqual([
      'generators.external-secrets.io/v1alpha1',
      'Password',
      { name: 'grafana-admin', namespace: 'grafana' },
    ]);
    expect(generator.spec).toMatchObject({ length: 32, symbols: 0 });
    expect(secret.kind).toBe('ExternalSecret');
    expect(secret.spec.refreshPolicy).toBe('CreatedOnce');
    expect(secret.spec.target).toEqual({ name: 'grafana-admin', creationPolicy: 'Owner' });
    expect(secret.spec.dataFrom).toEqual([
      {
        sourceRef: {
          generatorRef: {
            apiVersion: 'generators.external-secrets.io/v1alpha1',
            kind: 'Password',
            name: 'grafana-admin',
          },
        },
      },
    ]);
    expect(GENERATED_PASSWORD_KEY).toBe('password');
  });

  test('two passwords in one chart are two generators and two Secrets', () => {
    const chart = new Chart(Testing.app(), 'demo', { disableResourceNameHashes: true });
    generatedPassword(chart, 'a');
    generatedPassword(chart, 'b');
    expect((Testing.synth(chart) as Obj[]).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Password/a',
      'ExternalSecret/a',
      'Password/b',
      'ExternalSecret/b',
    ]);
  });
});
