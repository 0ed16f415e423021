import { ENVIRONMENT_NAMES, loadEnvironmentConfig } from '../../../lib/model/config';
import { rawConfig, userInputMessage } from '../../util';

/** The committed config with `patch` applied to one environment's own block. */
function withEnv(env: string, patch: Record<string, unknown>) {
  const raw = rawConfig();
  raw.environments[env] = { ...raw.environments[env], ...patch };
  return raw;
}

describe('environment selection', () => {
  test('defaults to dev', () => {
    expect(loadEnvironmentConfig(rawConfig(), undefined).name).toBe('dev');
  });

  test('an unknown environment names the value and the allowed ones', () => {
    expect(userInputMessage(() => loadEnvironmentConfig(rawConfig(), 'nope'))).toBe(
      'Unknown environment: -c env=nope: allowed environments: dev, test, staging, prod',
    );
  });

  test.each(ENVIRONMENT_NAMES)('%s is valid, with the platform CIDR and NAT layout', (env) => {
    const c = loadEnvironmentConfig(rawConfig(), env);
    const expected = {
      dev: ['10.0.0.0/16', 1],
      test: ['10.1.0.0/16', 1],
      staging: ['10.2.0.0/16', 3],
      prod: ['10.3.0.0/16', 3],
    }[env];
    expect([c.vpcCidr, c.natGateways]).toEqual(expected);
    expect(c.region).toBe('eu-west-2');
    expect(c.baseDomain).toBe('goldenpathidp.io');
  });

  test('prod reaps in report-only mode, the others delete', () => {
    expect(ENVIRONMENT_NAMES.map((e) => loadEnvironmentConfig(rawConfig(), e).reaperMode)).toEqual([
      'delete',
      'delete',
      'delete',
      'report',
    ]);
  });
});

describe('malformed values', () => {
  test.each([
    [
      { vpcCidr: '10.0.0.0/33' },
      'environments.dev.vpcCidr: received "10.0.0.0/33"; expected an IPv4 CIDR from /16 to /24, such as 10.0.0.0/16',
    ],
    [
      { vpcCidr: '300.0.0.0/16' },
      'environments.dev.vpcCidr: received "300.0.0.0/16"; expected an IPv4 CIDR from /16 to /24, such as 10.0.0.0/16',
    ],
    [{ account: '1234' }, 'environments.dev.account: received "1234"; expected a 12-digit AWS account id'],
    [{ natGateways: 0 }, 'environments.dev.natGateways: received 0; expected an integer from 1 to 6'],
    [
      { natGateways: 4 },
      'environments.dev.natGateways: received 4; expected at most one per availability zone (3)',
    ],
    [
      { baseDomain: 'Example.COM' },
      'environments.dev.baseDomain: received "Example.COM"; expected a lower-case DNS domain such as goldenpathidp.io',
    ],
    [
      { reaperMode: 'sometimes' },
      'environments.dev.reaperMode: received "sometimes"; allowed: delete, report',
    ],
    [
      { availabilityZones: ['eu-west-2a', 'us-east-1a'] },
      'environments.dev.availabilityZones[1]: received "us-east-1a"; must be in region eu-west-2',
    ],
    [
      { vpcCIDR: '10.0.0.0/16' },
      'environments.dev.vpcCIDR: received "10.0.0.0/16"; "vpcCIDR" is not a known key; allowed keys: account, region, availabilityZones, vpcCidr, natGateways, baseDomain, owner, ecrRepositories, ci, database, cluster, reaperMode, allowBuilds',
    ],
    [
      { ecrRepositories: [{ name: 'api', riskTier: 'extreme' }] },
      'environments.dev.ecrRepositories[0].riskTier: received "extreme"; allowed: low, medium, high',
    ],
    [
      {
        ecrRepositories: [
          { name: 'api', riskTier: 'low' },
          { name: 'api', riskTier: 'high' },
        ],
      },
      'environments.dev.ecrRepositories: received "api"; each repository name may appear once',
    ],
    [
      // Removed: deploys are trusted by GitHub environment, never by branch.
      { ci: { repository: 'goldenpath-idp/goldenpath-cdk', deployBranches: ['main'] } },
      'environments.dev.ci.deployBranches: received ["main"]; "deployBranches" is not a known key; allowed keys: repository',
    ],
    [
      { ci: { repository: 'no-slash' } },
      'environments.dev.ci.repository: received "no-slash"; expected a GitHub repository as owner/name',
    ],
  ])('%j', (patch, problem) => {
    expect(userInputMessage(() => loadEnvironmentConfig(withEnv('dev', patch), 'dev'))).toBe(
      `Invalid configuration for environment "dev": ${problem}`,
    );
  });

  test('a public API endpoint open to the internet is refused', () => {
    const raw = withEnv('dev', {});
    (raw.environments.dev.cluster as Record<string, unknown>).publicEndpointCidrs = ['0.0.0.0/0'];
    expect(userInputMessage(() => loadEnvironmentConfig(raw, 'dev'))).toBe(
      'Invalid configuration for environment "dev": environments.dev.cluster.publicEndpointCidrs[0]: received "0.0.0.0/0"; a public endpoint open to the whole internet is refused; list the CIDRs that need it',
    );
  });

  test.each([
    [['0.0.0.0/1', '128.0.0.0/1'], '4294967296 addresses (100 % of IPv4)'],
    [
      ['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/3'],
      '4294967296 addresses (100 % of IPv4)',
    ],
    [['11.0.0.0/8', '12.0.0.0/8'], '33554432 addresses (0.78 % of IPv4)'],
  ])('an allow-list that covers the internet however it is split is refused: %j', (cidrs, covered) => {
    const raw = withEnv('dev', {});
    (raw.environments.dev.cluster as Record<string, unknown>).publicEndpointCidrs = cidrs;
    expect(userInputMessage(() => loadEnvironmentConfig(raw, 'dev'))).toBe(
      `Invalid configuration for environment "dev": environments.dev.cluster.publicEndpointCidrs: received ${JSON.stringify(cidrs)}; together they open the endpoint to ${covered}, more than a /8 (16777216): a public endpoint open to the internet is refused however the CIDRs are split; list only the networks that need it`,
    );
  });

  test('a /8 of offices and VPNs is still allowed', () => {
    const raw = withEnv('dev', {});
    (raw.environments.dev.cluster as Record<string, unknown>).publicEndpointCidrs = [
      '11.0.0.0/9',
      '11.128.0.0/9',
    ];
    expect(loadEnvironmentConfig(raw, 'dev').cluster.publicEndpointCidrs).toEqual([
      '11.0.0.0/9',
      '11.128.0.0/9',
    ]);
  });

  test.each([
    ['dev', false],
    ['test', false],
    ['staging', true],
    ['prod', true],
  ] as const)('database.multiAz defaults for %s: %s', (env, multiAz) => {
    expect(loadEnvironmentConfig(rawConfig(), env).database!.multiAz).toBe(multiAz);
  });

  test('database.multiAz may be set either way, and must be a boolean', () => {
    const raw = rawConfig();
    (raw.environments.prod.database as Record<string, unknown>).multiAz = false;
    expect(loadEnvironmentConfig(raw, 'prod').database!.multiAz).toBe(false);
    (raw.environments.prod.database as Record<string, unknown>).multiAz = 'yes';
    expect(userInputMessage(() => loadEnvironmentConfig(raw, 'prod'))).toBe(
      'Invalid configuration for environment "prod": environments.prod.database.multiAz: received "yes"; expected true or false',
    );
  });

  test('every problem is reported at once, one per line', () => {
    expect(
      userInputMessage(() => loadEnvironmentConfig(withEnv('test', { account: 'x', vpcCidr: 'y' }), 'test')),
    ).toBe(
      [
        'Invalid configuration for environment "test":',
        '  - environments.test.account: received "x"; expected a 12-digit AWS account id',
        '  - environments.test.vpcCidr: received "y"; expected an IPv4 CIDR from /16 to /24, such as 10.0.0.0/16',
      ].join('\n'),
    );
  });

  test('a missing environment block is named', () => {
    const raw = rawConfig();
    delete raw.environments.staging;
    expect(userInputMessage(() => loadEnvironmentConfig(raw, 'staging'))).toBe(
      'Invalid configuration for environment "staging": environments.staging: received (missing); expected an object with this environment\'s settings',
    );
  });
});
