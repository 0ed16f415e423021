import type { Template } from 'aws-cdk-lib/assertions';
import {
  CONTRACT_VERSION_KEY,
  buildContract,
  contractKeys,
  flattenContract,
  foundationCapabilities,
} from '../../../../lib/model/contract';
import { CONTRACT_VERSION, contractParameterName, contractPath } from '../../../../lib/model/naming';
import { ENVIRONMENT_NAMES } from '../../../../lib/model/config';
import { PLATFORM_CATALOGUE } from '../../../../tiers/catalogue';
import { envConfig, sharedTestApp, templateOf } from '../../../util';

/** The SSM parameter names in a Foundation template, in template order. */
function publishedNames(template: Template): string[] {
  return Object.values(
    template.findResources('AWS::SSM::Parameter') as Record<string, { Properties: { Name: string } }>,
  ).map((p) => p.Properties.Name);
}

describe('Foundation contract: one table drives writer, reader and key list', () => {
  test.each(ENVIRONMENT_NAMES)(
    '%s: the parameters the Foundation writes are the key list, in order, and the reader reads the same keys',
    (env) => {
      const { foundation } = sharedTestApp({ env });
      const config = foundation.config;
      const keys = contractKeys(config, PLATFORM_CATALOGUE);
      // Writer: what ContractParameters puts in the template.
      expect(publishedNames(templateOf(foundation))).toEqual(keys.map((k) => contractParameterName(env, k)));
      expect(Object.keys(flattenContract(foundation.contract))).toEqual(keys);
      // Reader: every value a cluster can read, read once (JSON.stringify reads every field).
      const read: string[] = [];
      JSON.stringify(buildContract(config, PLATFORM_CATALOGUE, (k) => (read.push(k), k)));
      // The version and the capability flags are preflight's to read; a cluster takes the flags
      // from the Foundation's config at synth time.
      expect(read).toEqual(keys.filter((k) => k !== CONTRACT_VERSION_KEY && !k.startsWith('capabilities/')));
      expect(foundation.contract.capabilities).toEqual(foundationCapabilities(config));
    },
  );

  test('one version constant: the path segment and the published value', () => {
    expect([
      contractPath('dev'),
      flattenContract(buildContract(envConfig('dev'), PLATFORM_CATALOGUE, (k) => k))[CONTRACT_VERSION_KEY],
    ]).toEqual([`/goldenpath/dev/foundation/v${CONTRACT_VERSION}`, String(CONTRACT_VERSION)]);
    expect(contractKeys(envConfig('dev'), PLATFORM_CATALOGUE)[0]).toBe(CONTRACT_VERSION_KEY);
  });

  test('keys are per AZ from config, never a split list token', () => {
    expect(
      contractKeys(envConfig('dev'), PLATFORM_CATALOGUE).filter((k) => k.startsWith('subnets/')),
    ).toEqual(
      ['public', 'private', 'isolated'].flatMap((g) =>
        ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'].map((az) => `subnets/${g}/${az}`),
      ),
    );
  });

  test('parameter names carry the environment and the schema version', () => {
    expect(contractParameterName('prod', 'zone/id')).toBe('/goldenpath/prod/foundation/v1/zone/id');
  });

  test('an environment without a database publishes no database keys and says so', () => {
    const config = { ...envConfig('dev'), database: undefined };
    const flat = flattenContract(buildContract(config, PLATFORM_CATALOGUE, (k) => `value-of-${k}`));
    expect(Object.keys(flat).filter((k) => k.startsWith('database/') || k.endsWith('/postgres/arn'))).toEqual(
      [],
    );
    expect(flat['capabilities/database']).toBe('false');
  });
});
