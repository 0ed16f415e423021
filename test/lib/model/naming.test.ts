import { parseBuildId } from '../../../lib/model/build-id';
import { ENVIRONMENT_NAMES } from '../../../lib/model/config';
import {
  type Deployment,
  NAME_LIMITS,
  clusterName,
  physicalName,
  stackName,
} from '../../../lib/model/naming';

const longest = parseBuildId('x'.repeat(20));

describe('physical names', () => {
  test('stack names carry the environment and the build', () => {
    expect([
      stackName({ env: 'dev', kind: 'foundation' }),
      stackName({ env: 'prod', kind: 'persistent' }),
      stackName({ env: 'dev', kind: 'ephemeral', buildId: parseBuildId('pr-123') }),
    ]).toEqual(['goldenpath-dev-foundation', 'goldenpath-prod-persistent', 'goldenpath-dev-b-pr-123']);
  });

  test.each(ENVIRONMENT_NAMES)(
    '%s: the longest build id fits every limit with room for a 21-character suffix',
    (env) => {
      const d: Deployment = { env, kind: 'ephemeral', buildId: longest };
      for (const kind of Object.keys(NAME_LIMITS) as (keyof typeof NAME_LIMITS)[]) {
        expect(physicalName(d, kind, 'x'.repeat(21)).length).toBeLessThanOrEqual(NAME_LIMITS[kind]);
      }
      expect(clusterName(d)).toBe(`goldenpath-${env}-b-${longest}`);
    },
  );

  test('a name over its limit throws instead of being truncated (a cut name could collide)', () => {
    const d: Deployment = { env: 'staging', kind: 'ephemeral', buildId: longest };
    expect(() => physicalName(d, 'iamRole', 'y'.repeat(23))).toThrow(
      `Name "goldenpath-staging-b-xxxxxxxxxxxxxxxxxxxx-${'y'.repeat(23)}" is 65 characters; the iamRole limit is 64. Use a shorter suffix.`,
    );
  });

  test('names of different builds never coincide, even when one id is a prefix of another', () => {
    const names = ['1', '10', '1-0'].map((id) =>
      physicalName({ env: 'dev', kind: 'ephemeral', buildId: parseBuildId(id) }, 'iamRole', 'edns'),
    );
    expect(new Set(names).size).toBe(3);
  });
});
