import { SSMServiceException } from '@aws-sdk/client-ssm';
import { awsErrorName, describeAwsError, isAwsError } from '../../../../lib/ops/preflight/aws-errors';

const CREDENTIALS_REMEDY =
  'configure credentials for the environment account (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)';
const DENIED_REMEDY = 'use a role that may read the Foundation (the CI read-only role does)';
const THROTTLED_REMEDY = 'run preflight again in a minute';
const NETWORK_REMEDY = 'check the network and AWS_ENDPOINT_URL';

/** An error as the SDK throws it: the AWS error code is its name, the HTTP status in `$metadata`. */
const sdkError = (name: string, message: string, httpStatusCode?: number) =>
  new SSMServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message });

describe('describeAwsError', () => {
  test.each([
    [
      'AccessDeniedException',
      'User is not authorized',
      'access denied (AccessDeniedException: User is not authorized)',
      'use a role that may read the Foundation (the CI read-only role does)',
    ],
    [
      'ThrottlingException',
      'Rate exceeded',
      'throttled by AWS (ThrottlingException: Rate exceeded)',
      'run preflight again in a minute',
    ],
    ['InternalServerError', 'boom', 'AWS error InternalServerError: boom', undefined],
  ])('%s', (name, message, detail, remedy) => {
    const err = new SSMServiceException({ name, $fault: 'client', $metadata: {}, message });
    expect(describeAwsError(err)).toEqual(remedy === undefined ? { detail } : { detail, remedy });
  });

  test.each(['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException'])(
    'credentials the account refuses (%s) say how to configure them',
    (name) => {
      expect(
        describeAwsError(sdkError(name, 'The security token included in the request is expired')),
      ).toEqual({
        detail: `no usable AWS credentials (${name}: The security token included in the request is expired)`,
        remedy: CREDENTIALS_REMEDY,
      });
    },
  );

  test('an unnamed 403 is access denied, an unnamed 429 is throttling', () => {
    expect([
      describeAwsError(sdkError('UnknownError', 'Forbidden', 403)),
      describeAwsError(sdkError('UnknownError', 'Too Many Requests', 429)),
    ]).toEqual([
      { detail: 'access denied (UnknownError: Forbidden)', remedy: DENIED_REMEDY },
      { detail: 'throttled by AWS (UnknownError: Too Many Requests)', remedy: THROTTLED_REMEDY },
    ]);
  });

  test.each(['RequestLimitExceeded', 'SlowDown', 'PriorRequestNotComplete', 'TooManyRequestsException'])(
    '%s is throttling',
    (name) => {
      expect(describeAwsError(sdkError(name, 'slow down'))).toEqual({
        detail: `throttled by AWS (${name}: slow down)`,
        remedy: THROTTLED_REMEDY,
      });
    },
  );

  test("a network error the SDK wraps keeps the original text, first line only, without the wrapper's prefix", () => {
    const err = Object.assign(
      new Error(
        'AWS SDK error wrapper for SystemError: getaddrinfo ENOTFOUND ssm.eu-west-2.amazonaws.com\n    at x',
      ),
      { name: 'SystemError' },
    );
    expect(describeAwsError(err)).toEqual({
      detail: 'cannot reach AWS (getaddrinfo ENOTFOUND ssm.eu-west-2.amazonaws.com)',
      remedy: NETWORK_REMEDY,
    });
  });

  test('a timeout is an unreachable endpoint', () => {
    const err = Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' });
    expect(describeAwsError(err)).toEqual({
      detail: 'cannot reach AWS (Connection timed out after 1000 ms)',
      remedy: NETWORK_REMEDY,
    });
  });

  test('a thrown value that is not an Error is named by its type, never a stack trace', () => {
    expect([describeAwsError('socket hang up'), describeAwsError(undefined)]).toEqual([
      { detail: 'AWS error string: socket hang up' },
      { detail: 'AWS error undefined: undefined' },
    ]);
  });
});

describe('awsErrorName and isAwsError', () => {
  test('the name of an SDK error is its AWS error code; a non-Error is named by its type', () => {
    expect([awsErrorName(sdkError('NoSuchHostedZone', 'x')), awsErrorName(42), awsErrorName(null)]).toEqual([
      'NoSuchHostedZone',
      'number',
      'object',
    ]);
  });

  test('matches any of the names given, exactly, and never a non-Error', () => {
    const err = sdkError('NotFound', 'x');
    expect([
      isAwsError(err, 'NoSuchBucket', 'NotFound'),
      isAwsError(err, 'NoSuchBucket'),
      isAwsError(err, 'notfound'),
      isAwsError({ name: 'NotFound' }, 'NotFound'),
      isAwsError(err),
    ]).toEqual([true, false, false, false, false]);
  });
});
