import { Annotations, CfnResource, type IAspect, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { FOREIGN_SERVICE_TIMEOUT_MARGIN_SECONDS as MARGIN } from '../../lib/ops/teardown/deadlines';

/** A resource's properties as given (PascalCase for a generic `CfnResource`, camelCase for an L1). */
function propertiesOf(resource: CfnResource): Record<string, unknown> {
  // `cfnProperties` is CfnResource's protected view of its current properties.
  return (resource as unknown as { cfnProperties?: Record<string, unknown> }).cfnProperties ?? {};
}

const isCustomResource = (r: CfnResource) =>
  r.cfnResourceType.startsWith('Custom::') || r.cfnResourceType === 'AWS::CloudFormation::CustomResource';

/** The CloudFormation wait for a Lambda of `timeoutSeconds`: a margin shorter, never below 1 second. */
export function serviceTimeoutFor(timeoutSeconds: number): number {
  return timeoutSeconds > 2 * MARGIN ? timeoutSeconds - MARGIN : Math.max(1, timeoutSeconds - 1);
}

/**
 * Gives every custom resource that has none a `ServiceTimeout` 5 seconds shorter than the timeout
 * of the Lambda it calls (so a handler's own last answer is still heard). Without one CloudFormation waits an hour for an answer that a timed-out
 * function never sends; the aws-eks-v2 kubectl provider's Helm chart and manifests (a 15-minute
 * Lambda) and aws-cdk-lib's own provider functions set none. A custom resource whose service
 * token is not a Lambda of the same stack is warned about (`goldenpath:service-timeout`).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html#cfn-cloudformation-customresource-servicetimeout
 */
export class ServiceTimeouts implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof CfnResource) || !isCustomResource(node)) return;
    const props = propertiesOf(node);
    if (props.ServiceTimeout !== undefined || props.serviceTimeout !== undefined) return;
    const stack = Stack.of(node);
    const token = stack.resolve(props.ServiceToken ?? props.serviceToken) as
      { 'Fn::GetAtt'?: [string, string] } | undefined;
    const target = token?.['Fn::GetAtt']?.[0];
    const fn = stack.node
      .findAll()
      .find(
        (c): c is CfnResource =>
          c instanceof CfnResource &&
          c.cfnResourceType === 'AWS::Lambda::Function' &&
          stack.resolve(c.logicalId) === target,
      );
    const fnProps = fn ? propertiesOf(fn) : {};
    const timeout = fnProps.Timeout ?? fnProps.timeout ?? (fn ? 3 : undefined);
    if (typeof timeout !== 'number' || Token.isUnresolved(timeout)) {
      Annotations.of(node).addWarningV2(
        'goldenpath:service-timeout',
        'this custom resource calls no Lambda function of its stack with a known timeout, so it gets no ServiceTimeout and CloudFormation may wait an hour for it',
      );
      return;
    }
    node.addPropertyOverride('ServiceTimeout', serviceTimeoutFor(timeout));
  }
}
