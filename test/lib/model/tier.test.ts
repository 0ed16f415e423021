import { LIFECYCLES, allowedMaxTiers, resolveMaxTier } from '../../../lib/model/tier';
import { userInputMessage } from '../../util';

describe('maxTier', () => {
  test('defaults from the lifecycle: ephemeral 1.5, persistent 3', () => {
    expect(LIFECYCLES.map((l) => resolveMaxTier(l, undefined))).toEqual([3, 1.5]);
  });

  test('may lower either lifecycle; a build stops at its default, 1.5', () => {
    expect([
      resolveMaxTier('persistent', '1'),
      resolveMaxTier('persistent', '2'),
      resolveMaxTier('ephemeral', 0),
      resolveMaxTier('ephemeral', '1.5'),
    ]).toEqual([1, 2, 0, 1.5]);
  });

  test('allowed values per lifecycle', () => {
    expect([allowedMaxTiers('persistent'), allowedMaxTiers('ephemeral')]).toEqual([
      [0, 1, 1.5, 2, 3],
      [0, 1, 1.5],
    ]);
  });

  test('tier 3 on a build is refused, saying why', () => {
    expect(userInputMessage(() => resolveMaxTier('ephemeral', '3', 'pr-7'))).toBe(
      'Invalid maxTier: -c maxTier=3 with -c buildId=pr-7 (an ephemeral cluster: tier 3, production identity, runs on persistent clusters only); allowed: 0, 1, 1.5',
    );
  });

  test('tier 2 on a build is refused, saying why: it would share the persistent cluster’s data', () => {
    expect(userInputMessage(() => resolveMaxTier('ephemeral', 2, 'pr-7'))).toBe(
      "Invalid maxTier: -c maxTier=2 with -c buildId=pr-7 (an ephemeral cluster: tier 2 would use the persistent cluster's databases, secrets and log bucket, and a build touches nothing of the persistent cluster's; run tier 2 on the persistent cluster); allowed: 0, 1, 1.5",
    );
  });

  test('any other value on a build: the allowed values', () => {
    expect(userInputMessage(() => resolveMaxTier('ephemeral', '2.5', 'pr-7'))).toBe(
      'Invalid maxTier: -c maxTier=2.5 with -c buildId=pr-7 (an ephemeral cluster); allowed: 0, 1, 1.5',
    );
  });

  test.each(['4', '2.5', 'two', ''])('maxTier=%j is refused with the allowed values', (raw) => {
    expect(userInputMessage(() => resolveMaxTier('persistent', raw))).toBe(
      `Invalid maxTier: -c maxTier=${raw} for a persistent cluster; allowed: 0, 1, 1.5, 2, 3`,
    );
  });
});
