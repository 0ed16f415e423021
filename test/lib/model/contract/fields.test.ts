import {
  capabilityFlags,
  fromConfig,
  lazyObject,
  perAz,
  secretArns,
  text,
  whenCapable,
} from '../../../../lib/model/contract';
import { PLATFORM_CATALOGUE } from '../../../../tiers/catalogue';
import { envConfig } from '../../../util';

/** A lookup that records which keys were read. */
function recorder() {
  const read: string[] = [];
  return { read, value: (key: string) => (read.push(key), `<${key}>`) };
}

describe('contract fields', () => {
  const config = envConfig('dev');
  const withoutDatabase = { ...config, database: undefined };
  const catalogue = PLATFORM_CATALOGUE;

  test('text: one key, written and read as is', () => {
    const field = text('zone/id');
    const { read, value } = recorder();
    expect([
      field.keys(config, catalogue),
      field.write('Z1', config),
      field.read(config, catalogue, value),
      read,
    ]).toEqual([['zone/id'], [['zone/id', 'Z1']], '<zone/id>', ['zone/id']]);
  });

  test('fromConfig: not published, read from config', () => {
    const field = fromConfig((c) => c.availabilityZones);
    const { read, value } = recorder();
    expect([
      field.keys(config, catalogue),
      field.write(['x'], config),
      field.read(config, catalogue, value),
      read,
    ]).toEqual([[], [], ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'], []]);
  });

  test('perAz: one key per configured AZ, each read only when used', () => {
    const field = perAz('subnets/private');
    const { read, value } = recorder();
    const ids = field.read(config, catalogue, value);
    expect(read).toEqual([]);
    expect(ids['eu-west-2b']).toBe('<subnets/private/eu-west-2b>');
    expect(read).toEqual(['subnets/private/eu-west-2b']);
    expect(field.keys(config, catalogue)).toEqual(
      ['a', 'b', 'c'].map((az) => `subnets/private/eu-west-2${az}`),
    );
    expect(
      field.write(
        { 'eu-west-2b': 's-b', 'eu-west-2a': 's-a' },
        { availabilityZones: ['eu-west-2a', 'eu-west-2b'] },
      ),
    ).toEqual([
      ['subnets/private/eu-west-2a', 's-a'],
      ['subnets/private/eu-west-2b', 's-b'],
    ]);
  });

  test('secretArns: one key per Foundation secret of the config and the catalogue', () => {
    const field = secretArns();
    // The secrets the apps declare, by id, then the databases' in config order.
    const generated = [
      'secrets/argocd/admin/arn',
      'secrets/backstage/secrets/arn',
      'secrets/grafana/admin/arn',
      'secrets/keycloak/admin/arn',
      'secrets/oidc/acceptance-user/arn',
      'secrets/oidc/argocd/arn',
      'secrets/oidc/backstage/arn',
      'secrets/oidc/goldenpath-acceptance/arn',
      'secrets/oidc/grafana/arn',
    ];
    expect(field.keys(config, catalogue)).toEqual([
      ...generated,
      'secrets/keycloak/postgres/arn',
      'secrets/backstage/postgres/arn',
      'secrets/grafana/postgres/arn',
    ]);
    expect(field.keys(withoutDatabase, catalogue)).toEqual(generated);
    expect(field.write({ 'keycloak/admin': 'arn:1' }, config)).toEqual([
      ['secrets/keycloak/admin/arn', 'arn:1'],
    ]);
  });

  test('capabilityFlags: published as strings, read from config (never from SSM)', () => {
    const field = capabilityFlags();
    const { read, value } = recorder();
    expect(field.read(withoutDatabase, catalogue, value).database).toBe(false);
    expect(read).toEqual([]);
    expect(field.write(field.read(config, catalogue, value), config)).toEqual([
      ['capabilities/vpc', 'true'],
      ['capabilities/zone', 'true'],
      ['capabilities/iam', 'true'],
      ['capabilities/appSecrets', 'true'],
      ['capabilities/logBucket', 'true'],
      ['capabilities/database', 'true'],
    ]);
  });

  test('whenCapable: the group exists only with the capability', () => {
    const field = whenCapable('database', {
      endpoint: text('database/endpoint'),
      port: text('database/port'),
    });
    const { read, value } = recorder();
    expect([field.keys(config, catalogue), field.keys(withoutDatabase, catalogue)]).toEqual([
      ['database/endpoint', 'database/port'],
      [],
    ]);
    expect(field.read(withoutDatabase, catalogue, value)).toBeUndefined();
    expect(field.read(config, catalogue, value)?.port).toBe('<database/port>');
    expect(read).toEqual(['database/port']);
    expect([field.write(undefined, config), field.write({ endpoint: 'e', port: '5432' }, config)]).toEqual([
      [],
      [
        ['database/endpoint', 'e'],
        ['database/port', '5432'],
      ],
    ]);
  });

  test('lazyObject computes each field once, on first read', () => {
    let calls = 0;
    const o = lazyObject<{ a: number; b: number }>({ a: () => ++calls, b: () => 10 });
    expect([calls, o.a, o.a, calls, Object.keys(o)]).toEqual([0, 1, 1, 1, ['a', 'b']]);
  });
});
