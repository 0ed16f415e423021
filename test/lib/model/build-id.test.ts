import { parseBuildId } from '../../../lib/model/build-id';
import { userInputMessage } from '../../util';

const FORMAT =
  'allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)';

describe('build id', () => {
  test.each(['26-01-23-01', 'pr-123', 'a', 'x'.repeat(20), '7'])('%s is valid', (id) => {
    expect(parseBuildId(id)).toBe(id);
  });

  test.each(['PR-1', 'pr--1', '-pr1', 'pr1-', 'pr_1', 'pr.1', 'b 1'])(
    '%j is refused with the allowed format',
    (id) => {
      expect(userInputMessage(() => parseBuildId(id))).toBe(`Invalid build id: -c buildId=${id}: ${FORMAT}`);
    },
  );

  test('too long is refused with the limit', () => {
    expect(userInputMessage(() => parseBuildId('x'.repeat(21)))).toBe(
      `Invalid build id: -c buildId=${'x'.repeat(21)}: 21 characters; at most 20 are allowed`,
    );
  });

  test.each([[''], [123], [true]])('a non-string or empty value (%j) is refused', (raw) => {
    expect(userInputMessage(() => parseBuildId(raw))).toBe(
      `Invalid build id: -c buildId: received ${JSON.stringify(raw)}; expected a build id such as 26-01-23-01 or pr-123`,
    );
  });
});
