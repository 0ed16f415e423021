import { loki } from '../../../tiers/tier2/loki';
import { BUILD_ID, expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('loki', () => {
  test(`rendered for build ${BUILD_ID}, maxTier 2`, () => {
    expect(renderTiers('ephemeral', 2).apps.loki).toMatchSnapshot();
  });

  test('tier 2, wave 101, pinned chart, in its namespace', () => {
    expectApplicationOf(renderedApplication('ephemeral', 2, 'loki'), loki);
  });

  test('stores chunks, rules and admin data in the Foundation’s log bucket', () => {
    const bucket = 'goldenpath-dev-foundation-logs-111111111111';
    expect(helmValues(renderedApplication('ephemeral', 2, 'loki')).loki.storage).toEqual({
      type: 's3',
      bucketNames: { chunks: bucket, ruler: bucket, admin: bucket },
      s3: { region: 'eu-west-2' },
    });
  });
});
