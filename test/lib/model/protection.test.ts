import { parseBuildId } from '../../../lib/model/build-id';
import { ENVIRONMENT_NAMES } from '../../../lib/model/config';
import { terminationProtection } from '../../../lib/model/protection';

describe('terminationProtection', () => {
  test('the Foundation and the persistent cluster of staging and prod; never a build', () => {
    const protectedStacks = ENVIRONMENT_NAMES.flatMap((env) =>
      (['foundation', 'persistent', 'ephemeral'] as const)
        .filter((kind) =>
          terminationProtection(
            kind === 'ephemeral' ? { env, kind, buildId: parseBuildId('pr-7') } : { env, kind },
          ),
        )
        .map((kind) => `${env}/${kind}`),
    );
    expect(protectedStacks).toEqual([
      'staging/foundation',
      'staging/persistent',
      'prod/foundation',
      'prod/persistent',
    ]);
  });
});
