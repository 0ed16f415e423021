import { parseBuildId } from '../../../lib/model/build-id';
import { type Deployment, stackName } from '../../../lib/model/naming';
import { PROJECT_TAG, deploymentTags } from '../../../lib/model/tags';
import { expiryOf } from '../../../lib/ops/teardown/reaper';

const build: Deployment = { env: 'dev', kind: 'ephemeral', buildId: parseBuildId('pr-7') };

/** `tags` as a CloudFormation stack of `d` carries them, created at `created`. */
const stackOf = (
  d: Deployment,
  tags: Record<string, string>,
  created = new Date('2026-01-01T00:00:00Z'),
) => ({
  StackName: stackName(d),
  StackStatus: 'CREATE_COMPLETE' as const,
  CreationTime: created,
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});

describe('deploymentTags (DESIGN §6)', () => {
  test('the Foundation and the persistent cluster: environment, project, owner, lifecycle', () => {
    for (const kind of ['foundation', 'persistent'] as const) {
      expect(deploymentTags({ env: 'prod', kind }, 'platform-team')).toEqual({
        Environment: 'prod',
        Project: PROJECT_TAG,
        ManagedBy: 'cdk',
        Owner: 'platform-team',
        Lifecycle: kind,
      });
    }
    expect(PROJECT_TAG).toBe('goldenpath-idp');
  });

  test('a build adds its BuildId and, when given, its TtlHours', () => {
    expect(deploymentTags(build, 'dev-team', 6)).toEqual({
      Environment: 'dev',
      Project: 'goldenpath-idp',
      ManagedBy: 'cdk',
      Owner: 'dev-team',
      Lifecycle: 'ephemeral',
      BuildId: 'pr-7',
      TtlHours: '6',
    });
    expect(Object.keys(deploymentTags(build, 'dev-team'))).not.toContain('TtlHours');
  });

  test('a TTL given for a persistent deployment is not written (it would never be reaped)', () => {
    expect(Object.keys(deploymentTags({ env: 'dev', kind: 'persistent' }, 'team', 6))).toEqual([
      'Environment',
      'Project',
      'ManagedBy',
      'Owner',
      'Lifecycle',
    ]);
  });
});

describe('the tags are the ones the reaper reads (TAG_KEYS is shared: change them only with it)', () => {
  test('a build stack tagged by deploymentTags expires TtlHours after its creation', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    expect(expiryOf(stackOf(build, deploymentTags(build, 'team', 6), created), 'dev')).toEqual({
      expires: new Date('2026-01-01T06:00:00Z'),
    });
  });

  test('the reaper skips a build without a TTL, another environment’s, and every persistent deployment', () => {
    const persistent: Deployment = { env: 'dev', kind: 'persistent' };
    expect([
      expiryOf(stackOf(build, deploymentTags(build, 'team')), 'dev'),
      expiryOf(stackOf(build, deploymentTags(build, 'team', 6)), 'test'),
      expiryOf(stackOf(persistent, deploymentTags(persistent, 'team', 6)), 'dev'),
    ]).toEqual([
      { skip: 'tag TtlHours is not a whole number of hours' },
      { skip: 'tag Environment is not test' },
      { skip: 'tag Lifecycle is not ephemeral' },
    ]);
  });
});
