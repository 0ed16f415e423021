/** An AWS SDK failure, described for a person: what happened and what to do about it. */
export interface AwsFailure {
  readonly detail: string;
  /** @default - the failing check's own remedy applies */
  readonly remedy?: string;
}

const CREDENTIALS = [
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
];
const DENIED = [
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'Forbidden',
];
const THROTTLED = [
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'PriorRequestNotComplete',
];

const NETWORK = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN)\b/;

/** The error's name (`$metadata`-carrying SDK errors set it to the AWS error code). */
export function awsErrorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

/** Whether `err` is the AWS error named one of `names`. */
export function isAwsError(err: unknown, ...names: string[]): boolean {
  return err instanceof Error && names.includes(err.name);
}

/**
 * Classifies an SDK error into one line (never a stack trace): missing or expired credentials,
 * access denied, throttling, an unreachable endpoint, or any other AWS error by name.
 */
export function describeAwsError(err: unknown): AwsFailure {
  const name = awsErrorName(err);
  // The SDK wraps network errors that are not Errors in a generic one; keep the original text.
  const message = (err instanceof Error ? err.message.split('\n')[0] : String(err)).replace(
    /^AWS SDK error wrapper for \w*Error: /,
    '',
  );
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (CREDENTIALS.includes(name)) {
    return {
      detail: `no usable AWS credentials (${name}: ${message})`,
      remedy:
        'configure credentials for the environment account (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
    };
  }
  if (DENIED.includes(name) || status === 403) {
    return {
      detail: `access denied (${name}: ${message})`,
      remedy: 'use a role that may read the Foundation (the CI read-only role does)',
    };
  }
  if (THROTTLED.includes(name) || status === 429) {
    return { detail: `throttled by AWS (${name}: ${message})`, remedy: 'run preflight again in a minute' };
  }
  if (NETWORK.test(message) || name === 'TimeoutError') {
    return { detail: `cannot reach AWS (${message})`, remedy: 'check the network and AWS_ENDPOINT_URL' };
  }
  return { detail: `AWS error ${name}: ${message}` };
}
