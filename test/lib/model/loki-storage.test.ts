import { parseBuildId } from '../../../lib/model/build-id';
import { ENVIRONMENT_NAMES } from '../../../lib/model/config';
import { lokiStoragePrefix } from '../../../lib/model/loki-storage';
import { clusterName } from '../../../lib/model/naming';

/** What Loki accepts as `storage_prefix` (its `validPrefixCharactersRegex`): no slash, no underscore. */
const LOKI_PREFIX = /^[\da-zA-Z-]+$/;

describe('lokiStoragePrefix', () => {
  test('loki-<clusterName>, for the persistent cluster and for a build', () => {
    expect([
      lokiStoragePrefix(clusterName({ env: 'prod', kind: 'persistent' })),
      lokiStoragePrefix(clusterName({ env: 'dev', kind: 'ephemeral', buildId: parseBuildId('pr-7') })),
    ]).toEqual(['loki-goldenpath-prod-persistent', 'loki-goldenpath-dev-b-pr-7']);
  });

  test.each(ENVIRONMENT_NAMES)('%s: every cluster’s prefix is one Loki accepts, and its own', (env) => {
    const clusters = [
      clusterName({ env, kind: 'persistent' }),
      clusterName({ env, kind: 'ephemeral', buildId: parseBuildId('pr-1') }),
      clusterName({ env, kind: 'ephemeral', buildId: parseBuildId('9'.repeat(20)) }),
    ];
    const prefixes = clusters.map(lokiStoragePrefix);
    expect(prefixes.filter((p) => !LOKI_PREFIX.test(p))).toEqual([]);
    expect(new Set(prefixes).size).toBe(clusters.length);
  });
});
