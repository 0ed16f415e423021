import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import { withDeadline } from '../../../../constructs/runtime/database-provisioner/deadline';

const common = {
  ServiceToken: 'token',
  ResponseURL: 'https://example.invalid/response',
  StackId: 'arn:aws:cloudformation:eu-west-2:123456789012:stack/goldenpath-dev-foundation/1',
  RequestId: 'request-1',
  LogicalResourceId: 'Databases',
  ResourceType: 'Custom::PlatformDatabases',
  ResourceProperties: { ServiceToken: 'token' },
};
const create: CloudFormationCustomResourceEvent = { ...common, RequestType: 'Create' };
const update: CloudFormationCustomResourceEvent = {
  ...common,
  RequestType: 'Update',
  PhysicalResourceId: 'existing-id',
  OldResourceProperties: { ServiceToken: 'token' },
};
const never = new Promise<CloudFormationCustomResourceResponse>(() => undefined);
/** Remaining time that leaves 20 ms after the 10 s kept for sending the response. */
const context = { getRemainingTimeInMillis: () => 10_020 };

describe('withDeadline', () => {
  test('answers FAILED before Lambda would kill the function, with the physical id CloudFormation expects', async () => {
    await expect(withDeadline(never, create, context, 'new-id')).resolves.toEqual({
      Status: 'FAILED',
      Reason: 'Gave up after 0 s without finishing; nothing is dropped, so the next deploy can retry',
      PhysicalResourceId: 'new-id',
      StackId: common.StackId,
      RequestId: 'request-1',
      LogicalResourceId: 'Databases',
    });
    await expect(withDeadline(never, update, context, 'new-id')).resolves.toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: 'existing-id',
    });
  });

  test('work that finishes in time is answered as it is', async () => {
    const done = { Status: 'SUCCESS', Reason: 'no change' } as CloudFormationCustomResourceResponse;
    await expect(withDeadline(Promise.resolve(done), create, context, 'new-id')).resolves.toBe(done);
  });

  test('without a Lambda context (sync, tests) there is no deadline', async () => {
    const slow = new Promise<CloudFormationCustomResourceResponse>((resolve) =>
      setTimeout(() => resolve({ Status: 'SUCCESS' } as CloudFormationCustomResourceResponse), 50),
    );
    await expect(withDeadline(slow, create, undefined, 'new-id')).resolves.toEqual({ Status: 'SUCCESS' });
  });
});
