import { parseAppContext } from '../../../lib/model/app-context';
import { rawConfig, testContext, userInputMessage } from '../../util';

describe('parseAppContext', () => {
  test('no context: dev, the persistent cluster at tier 3, no build', () => {
    const ctx = testContext({});
    expect([ctx.config.name, ctx.persistent, ctx.ephemeral]).toEqual([
      'dev',
      { env: 'dev', kind: 'persistent', maxTier: 3 },
      undefined,
    ]);
  });

  test('a build: maxTier and ttlHours resolved for it, the persistent cluster keeps its own default', () => {
    const ctx = testContext({ env: 'test', buildId: 'pr-7' });
    expect([ctx.persistent, ctx.ephemeral]).toEqual([
      { env: 'test', kind: 'persistent', maxTier: 3 },
      { env: 'test', kind: 'ephemeral', buildId: 'pr-7', maxTier: 1.5, ttlHours: 24 },
    ]);
  });

  test.each(['staging', 'prod'])('a build in %s, whose config does not allow builds, is refused', (env) => {
    expect(userInputMessage(() => testContext({ env, buildId: 'pr-7' }))).toBe(
      `Builds are not allowed in this environment: -c buildId=pr-7 with -c env=${env}: environments.${env}.allowBuilds is false; run builds in an environment that allows them (dev, test by default), or synthesize ${env} without -c buildId`,
    );
    expect(testContext({ env }).ephemeral).toBeUndefined();
  });

  test('-c maxTier applies to both clusters; CLI strings and cdk.json numbers both work', () => {
    const fromCli = testContext({ buildId: 'pr-7', maxTier: '1.5', ttlHours: '6' });
    const fromJson = testContext({ buildId: 'pr-7', maxTier: 1, ttlHours: 48 });
    expect([fromCli.persistent.maxTier, fromCli.ephemeral?.maxTier, fromCli.ephemeral?.ttlHours]).toEqual([
      1.5, 1.5, 6,
    ]);
    expect([fromJson.persistent.maxTier, fromJson.ephemeral?.maxTier, fromJson.ephemeral?.ttlHours]).toEqual([
      1, 1, 48,
    ]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'an unknown environment',
      { env: 'nope' },
      'Unknown environment: -c env=nope: allowed environments: dev, test, staging, prod',
    ],
    [
      'an environment that is not a string',
      { env: 7 },
      'Unknown environment: -c env=7: allowed environments: dev, test, staging, prod',
    ],
    [
      'a build id longer than 20 characters',
      { buildId: 'a'.repeat(21) },
      'Invalid build id: -c buildId=aaaaaaaaaaaaaaaaaaaaa: 21 characters; at most 20 are allowed',
    ],
    [
      'an empty build id',
      { buildId: '' },
      'Invalid build id: -c buildId: received ""; expected a build id such as 26-01-23-01 or pr-123',
    ],
    [
      'tier 3 on a build',
      { buildId: 'pr-7', maxTier: '3' },
      'Invalid maxTier: -c maxTier=3 with -c buildId=pr-7 (an ephemeral cluster: tier 3, production identity, runs on persistent clusters only); allowed: 0, 1, 1.5',
    ],
    [
      'tier 2 on a build',
      { buildId: 'pr-7', maxTier: '2' },
      "Invalid maxTier: -c maxTier=2 with -c buildId=pr-7 (an ephemeral cluster: tier 2 would use the persistent cluster's databases, secrets and log bucket, and a build touches nothing of the persistent cluster's; run tier 2 on the persistent cluster); allowed: 0, 1, 1.5",
    ],
    [
      'a tier that does not exist',
      { maxTier: '2.5' },
      'Invalid maxTier: -c maxTier=2.5 for a persistent cluster; allowed: 0, 1, 1.5, 2, 3',
    ],
    [
      'a TTL without a build',
      { ttlHours: '48' },
      'Invalid ttlHours: -c ttlHours=48: only an Ephemeral build has a TTL; pass -c buildId=<id> with it, or leave it out',
    ],
  ])('%s is refused, naming the key, the value and what is allowed', (_, raw, message) => {
    expect(userInputMessage(() => testContext(raw))).toBe(message);
  });

  test.each(['0', '169', '1.5', 'soon'])('ttlHours=%s is refused with the allowed range', (ttl) => {
    expect(userInputMessage(() => testContext({ buildId: 'pr-7', ttlHours: ttl }))).toBe(
      `Invalid ttlHours: -c ttlHours=${ttl}; allowed: a whole number of hours from 1 to 168`,
    );
  });

  test('every bad context value is reported at once', () => {
    expect(
      userInputMessage(() => testContext({ env: 'qa', buildId: 'PR_7', maxTier: '9', ttlHours: '0' })),
    ).toBe(
      [
        'Invalid CDK context:',
        '  - -c env=qa: allowed environments: dev, test, staging, prod',
        '  - -c buildId=PR_7: allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)',
        '  - -c maxTier=9 for a persistent cluster; allowed: 0, 1, 1.5, 2, 3',
        '  - -c maxTier=9 with -c buildId (an ephemeral cluster); allowed: 0, 1, 1.5',
        '  - -c ttlHours=0; allowed: a whole number of hours from 1 to 168',
      ].join('\n'),
    );
  });

  test('the config file is validated after the context, with its own error', () => {
    const config = rawConfig();
    config.environments.dev.natGateways = 0;
    expect(userInputMessage(() => parseAppContext(config, { buildId: 'pr-7' }))).toBe(
      'Invalid configuration for environment "dev": environments.dev.natGateways: received 0; expected an integer from 1 to 6',
    );
  });
});
