import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CAPACITY_TARGET_BUILDS,
  capacity,
  ipsPerNode,
  renderCapacity,
  route53RequestsPerSecond,
} from '../../../../lib/ops/perf/capacity';
import { loadAllEnvironmentConfigs } from '../../../../lib/model/config';
import { envConfig, rawConfig } from '../../../util';

describe('capacity model', () => {
  test('a t3.medium holds 3 ENIs of 6 addresses', () => {
    expect(ipsPerNode('t3.medium')).toBe(18);
    expect(() => ipsPerNode('x9.huge')).toThrow(
      'No network limits for instance type x9.huge; add it to INSTANCE_NETWORK',
    );
  });

  test('Route 53 load grows with builds and with zone pages', () => {
    // 10 builds: 80 records, one page; 11 clusters poll once a minute.
    expect(route53RequestsPerSecond(10)).toBeCloseTo(11 / 60);
    // 100 builds: 620 records, three pages each sync.
    expect(route53RequestsPerSecond(100)).toBeCloseTo((101 * 3) / 60);
  });

  test('dev: addresses are plentiful, the NLB quota binds first', () => {
    const r = capacity(envConfig('dev'));
    expect([
      r.ipsPerBuild,
      r.privateIps,
      r.byPrivateIps,
      r.byRoute53,
      r.maxConcurrentBuilds,
      r.bindingLimit,
    ]).toEqual([4 * 18 + 4, 3 * (8192 - 5), 321, 99, 49, 'NLBs per Region']);
  });

  test('bigger ephemeral node groups are bounded by addresses', () => {
    const raw = rawConfig();
    const cluster = raw.environments.dev.cluster as Record<string, Record<string, unknown>>;
    cluster.ephemeralNodes = {
      ...cluster.ephemeralNodes,
      instanceTypes: ['m6i.xlarge'],
      maxSize: 100,
      desiredSize: 2,
    };
    const r = capacity(loadAllEnvironmentConfigs(raw)[0]);
    expect([r.ipsPerBuild, r.maxConcurrentBuilds, r.bindingLimit]).toEqual([
      100 * 60 + 4,
      4,
      'private subnet addresses',
    ]);
  });

  test('docs/capacity.md is what the model computes from the committed config', () => {
    const expected = renderCapacity(
      loadAllEnvironmentConfigs(rawConfig()).map((c) => capacity(c)),
      CAPACITY_TARGET_BUILDS,
    );
    expect(readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'capacity.md'), 'utf8')).toBe(
      expected,
    );
  });
});
