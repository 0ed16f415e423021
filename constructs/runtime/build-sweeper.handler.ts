// The teardown Lambda of a build, behind two custom resources: when its stack is being deleted,
// `Custom::BuildUninstall` removes the apps in reverse tier order (./build-uninstall.ts) and
// `Custom::BuildSweeper` sweeps what the build left behind (lib/ops/teardown/sweeper.ts); Create
// and Update do nothing. It is called with a direct service token (no Provider framework, so no
// extra Lambda), so it PUTs its own response.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import type {
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceResponse,
  Context,
} from 'aws-lambda';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { RESPONSE_MARGIN_MS } from '../../lib/ops/teardown/deadlines';
import { errorLine } from '../../lib/ops/teardown/retry';
import { type SweeperClients, formatSweepReport, sweep } from '../../lib/ops/teardown/sweeper';
import { type BuildUninstallProperties, type UninstallDeps, uninstallOnDelete } from './build-uninstall';
import { sendCfnResponse } from './cfn-response';
import { metricRecord } from './metrics';

/** The custom resource's properties (CloudFormation passes them as strings). */
export interface BuildSweeperProperties {
  readonly HostedZoneId: string;
  readonly HostSuffix: string;
  readonly ClusterName: string;
}

/** The resource type that runs the uninstall; any other is the sweep. */
export const UNINSTALL_TYPE = 'Custom::BuildUninstall';

/**
 * Stack states in which a Delete means the build is going: a stack delete, or the rollback of a
 * failed create. A Delete in any other state is CloudFormation removing an old copy of this
 * resource after a replacement during an update: the build stays, so nothing is swept.
 */
const GOING = ['DELETE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS'];

export interface HandlerDeps {
  readonly clients: () => SweeperClients;
  /**
   * What the uninstall needs: credentials to sign the EKS token (tests add a fake Kubernetes API).
   * @default - the Lambda's own credentials, from its environment
   */
  readonly uninstall?: UninstallDeps;
  readonly cfn: () => CloudFormationClient;
  /** @default 5000 */
  readonly retryDelayMs?: number;
  /** Where the report and the metric record go. @default process.stdout */
  readonly log?: (line: string) => void;
}

/** Builds the handler around its AWS clients (tests pass clients aimed at a local AWS API). */
export function makeHandler(deps: HandlerDeps) {
  const log = deps.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  return async (
    event: CloudFormationCustomResourceEvent,
    context: Pick<Context, 'getRemainingTimeInMillis' | 'logStreamName'>,
  ): Promise<CloudFormationCustomResourceResponse> => {
    const props = event.ResourceProperties as unknown as BuildSweeperProperties & { ServiceToken: string };
    const uninstalling = event.ResourceType === UNINSTALL_TYPE;
    const physicalId =
      event.RequestType === 'Create'
        ? `build-${uninstalling ? 'uninstall' : 'sweeper'}-${props.ClusterName}`
        : event.PhysicalResourceId;
    const base = {
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      PhysicalResourceId: physicalId,
    };
    let response: CloudFormationCustomResourceResponse;
    if (event.RequestType !== 'Delete') {
      response = { ...base, Status: 'SUCCESS', Reason: 'nothing to do until the stack is deleted' };
    } else {
      // A Delete always answers SUCCESS: a failed Delete would keep the cluster (and its cost)
      // alive; what is left is in the reason, the log and the metric, and `npm run sweep` finishes it.
      const going = await stackGoing(event.StackId, deps);
      const { reason, data } = !going.ok
        ? { reason: `not ${uninstalling ? 'uninstalled' : 'swept'}: ${going.why}`, data: undefined }
        : uninstalling
          ? await uninstallOnDelete(
              event.ResourceProperties as unknown as BuildUninstallProperties,
              deps.uninstall ?? { credentials: () => fromEnv() },
              log,
              context.getRemainingTimeInMillis(),
            )
          : await onDelete(props, deps, log, context);
      if (!going.ok) log(reason);
      response = {
        ...base,
        Status: 'SUCCESS',
        Reason: `${reason} (log stream ${context.logStreamName})`.slice(0, 3500),
        Data: data,
      };
    }
    await sendCfnResponse(event.ResponseURL, response);
    return response;
  };
}

/** Whether the stack is really going (a delete or a failed create), or why not. */
async function stackGoing(
  stackId: string,
  deps: HandlerDeps,
): Promise<{ ok: true } | { ok: false; why: string }> {
  let status: string;
  try {
    const stacks = await deps.cfn().send(new DescribeStacksCommand({ StackName: stackId }));
    status = stacks.Stacks?.[0]?.StackStatus ?? 'UNKNOWN';
  } catch (err) {
    status = `unreadable (${errorLine(err)})`;
  }
  return GOING.includes(status)
    ? { ok: true }
    : { ok: false, why: `the stack is ${status}, so this is not the build being deleted` };
}

async function onDelete(
  props: BuildSweeperProperties,
  deps: HandlerDeps,
  log: (line: string) => void,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<{ reason: string; data?: Record<string, number> }> {
  try {
    const report = await sweep(
      { hostedZoneId: props.HostedZoneId, hostSuffix: props.HostSuffix, clusterName: props.ClusterName },
      deps.clients(),
      {
        deadline: Date.now() + context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS,
        retryDelayMs: deps.retryDelayMs,
      },
    );
    const lines = formatSweepReport(report);
    log(lines.join('\n'));
    const data = {
      Records: report.records.length,
      LoadBalancers: report.loadBalancers.length,
      TargetGroups: report.targetGroups.length,
      SecurityGroups: report.securityGroups.length,
      Volumes: report.volumes.length,
      Left: report.left.length,
    };
    log(metricRecord(Date.now(), { SweepLeft: data.Left }, { ClusterName: props.ClusterName }));
    // What is left first: CloudFormation shows the reason cut to a few thousand characters.
    const counts = `deleted ${data.Records} record sets, ${data.LoadBalancers} load balancers, ${data.TargetGroups} target groups, ${data.SecurityGroups} security groups, ${data.Volumes} volumes`;
    const left = report.left.length === 0 ? [] : [`left ${report.left.length}: ${report.left.join('; ')}`];
    return { reason: [...left, counts].join('; '), data };
  } catch (err) {
    // The sweep reports AWS errors itself; this is anything else, counted as one thing left.
    const reason = `sweep stopped: ${errorLine(err)}; run npm run sweep for this build`;
    log(reason);
    log(metricRecord(Date.now(), { SweepLeft: 1 }, { ClusterName: props.ClusterName }));
    return { reason, data: { Left: 1 } };
  }
}

export const handler = makeHandler({
  clients: () => ({
    route53: new Route53Client({}),
    elbv2: new ElasticLoadBalancingV2Client({}),
    ec2: new EC2Client({}),
  }),
  cfn: () => new CloudFormationClient({}),
});
