// The BuildSweeper custom resource's Lambda: on stack Delete it sweeps what the build left
// behind (lib/ops/teardown/sweeper.ts); Create and Update do nothing. It is called with a direct
// service token (no Provider framework, so no extra Lambda), so it PUTs its own response.
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import type {
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceResponse,
  Context,
} from 'aws-lambda';
import { type SweeperClients, formatSweepReport, sweep } from '../../lib/ops/teardown/sweeper';
import { sendCfnResponse } from './cfn-response';

/** The custom resource's properties (CloudFormation passes them as strings). */
export interface BuildSweeperProperties {
  readonly HostedZoneId: string;
  readonly HostSuffix: string;
  readonly ClusterName: string;
}

/** Time kept back from the Lambda timeout to send the response: a response never sent hangs the stack for an hour. */
const RESPONSE_MARGIN_MS = 60_000;

export interface HandlerDeps {
  readonly clients: () => SweeperClients;
  /** @default 5000 */
  readonly retryDelayMs?: number;
}

/** Builds the handler around its AWS clients (tests pass clients aimed at a local AWS API). */
export function makeHandler(deps: HandlerDeps) {
  return async (
    event: CloudFormationCustomResourceEvent,
    context: Pick<Context, 'getRemainingTimeInMillis' | 'logStreamName'>,
  ): Promise<CloudFormationCustomResourceResponse> => {
    const props = event.ResourceProperties as unknown as BuildSweeperProperties & { ServiceToken: string };
    const physicalId =
      event.RequestType === 'Create' ? `build-sweeper-${props.ClusterName}` : event.PhysicalResourceId;
    const base = {
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      PhysicalResourceId: physicalId,
    };
    let response: CloudFormationCustomResourceResponse;
    try {
      if (event.RequestType !== 'Delete') {
        response = { ...base, Status: 'SUCCESS', Reason: 'nothing to do until the stack is deleted' };
      } else {
        const report = await sweep(
          { hostedZoneId: props.HostedZoneId, hostSuffix: props.HostSuffix, clusterName: props.ClusterName },
          deps.clients(),
          {
            deadline: Date.now() + context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS,
            retryDelayMs: deps.retryDelayMs,
          },
        );
        const lines = formatSweepReport(report);
        process.stdout.write(`${lines.join('\n')}\n`);
        // What is still there at the deadline is logged and reported, not a failure: a failed
        // Delete would keep the cluster (and its cost) alive; `npm run sweep` finishes the job.
        response = {
          ...base,
          Status: 'SUCCESS',
          Reason: lines.join('; ').slice(0, 3500),
          Data: {
            Records: report.records.length,
            LoadBalancers: report.loadBalancers.length,
            TargetGroups: report.targetGroups.length,
            SecurityGroups: report.securityGroups.length,
            Left: report.left.length,
          },
        };
      }
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      process.stderr.write(`${message}\n`);
      response = {
        ...base,
        Status: 'FAILED',
        Reason: `${message} (log stream ${context.logStreamName})`.slice(0, 3500),
      };
    }
    await sendCfnResponse(event.ResponseURL, response);
    return response;
  };
}

export const handler = makeHandler({
  clients: () => ({
    route53: new Route53Client({}),
    elbv2: new ElasticLoadBalancingV2Client({}),
    ec2: new EC2Client({}),
  }),
});
