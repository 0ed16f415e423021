import type {
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceResponse,
  Context,
} from 'aws-lambda';

/** Time kept to send the response after giving up. */
const RESPONSE_MARGIN_MILLIS = 10_000;

/**
 * Answers FAILED shortly before Lambda would kill the function: a function that times out never
 * responds, and CloudFormation then waits an hour for the custom resource.
 */
export async function withDeadline(
  work: Promise<CloudFormationCustomResourceResponse>,
  event: CloudFormationCustomResourceEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'> | undefined,
  physicalId: string,
): Promise<CloudFormationCustomResourceResponse> {
  if (!context) return work;
  const budget = Math.max(context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MILLIS, 0);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CloudFormationCustomResourceResponse>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          Status: 'FAILED',
          Reason: `Gave up after ${Math.round(budget / 1000)} s without finishing; nothing is dropped, so the next deploy can retry`,
          PhysicalResourceId: event.RequestType === 'Create' ? physicalId : event.PhysicalResourceId,
          StackId: event.StackId,
          RequestId: event.RequestId,
          LogicalResourceId: event.LogicalResourceId,
        }),
      budget,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
