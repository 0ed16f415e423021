import { LIFECYCLES, allowedMaxTiers, resolveMaxTier } from '../../../lib/model/tier';
import { userInputMessage } from '../../util';

describe('maxTier', () => {
  test('defaults from the lifecycle: ephemeral 1.5, persistent 3', () => {
    expect(LIFECYCLES.map((l) => resolveMaxTier(l, undefined))).toEqual([3, 1.5]);
  });

  test('may lower either lifecycle and raise a build to 2', () => {
    expect([
      resolveMaxTier('persistent', '1'),
      resolveMaxTier('ephemeral', '2'),
      resolveMaxTier('ephemeral', 0),
      resolveMaxTier('ephemeral', '1.5'),
    ]).toEqual([1, 2, 0, 1.5]);
  });

  test('allowed values per lifecycle', () => {
    expect([allowedMaxTiers('persistent'), allowedMaxTiers('ephemeral')]).toEqual([
      [0, 1, 1.5, 2, 3],
      [0, 1, 1.5, 2],
    ]);
  });

  test('tier 3 on a build is refused, saying why', () => {
    expect(userInputMessage(() => resolveMaxTier('ephemeral', '3'))).toBe(
      'Invalid maxTier: -c maxTier=3 for an ephemeral cluster (tier 3, production identity, runs on persistent clusters only); allowed: 0, 1, 1.5, 2',
    );
  });

  test.each(['4', '2.5', 'two', ''])('maxTier=%j is refused with the allowed values', (raw) => {
    expect(userInputMessage(() => resolveMaxTier('persistent', raw))).toBe(
      `Invalid maxTier: -c maxTier=${raw} for a persistent cluster; allowed: 0, 1, 1.5, 2, 3`,
    );
  });
});
