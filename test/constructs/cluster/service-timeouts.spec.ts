import { App, Aspects, CustomResource, Duration, Stack, aws_lambda as lambda } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import type { TemplateJson } from '../../../lib/ops/template-graph';
import { ServiceTimeouts, serviceTimeoutFor } from '../../../constructs/cluster/service-timeouts';
import { sharedTestApp, templateOf } from '../../util';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** Every custom resource: its ServiceTimeout and the timeout of the Lambda its token names. */
function customResources(resources: Resources) {
  return Object.entries(resources)
    .filter(([, r]) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')
    .map(([id, r]) => {
      const token = r.Properties?.ServiceToken as { 'Fn::GetAtt'?: [string, string] } | undefined;
      const fn = resources[token?.['Fn::GetAtt']?.[0] ?? ''];
      return {
        id,
        type: r.Type,
        serviceTimeout: Number(r.Properties?.ServiceTimeout),
        lambdaTimeout: (fn?.Properties?.Timeout as number | undefined) ?? (fn ? 3 : NaN),
      };
    });
}

describe('every custom resource has a ServiceTimeout shorter than its Lambda', () => {
  test.each(['dev', 'test', 'staging', 'prod'])('%s: every stack', (env) => {
    const buildsAllowed = env === 'dev' || env === 'test';
    const { foundation, persistent, ephemeral } = sharedTestApp({
      env,
      buildId: buildsAllowed ? 'pr-1' : undefined,
    });
    const all = [foundation, persistent, ...(ephemeral ? [ephemeral] : [])].flatMap((stack) =>
      customResources((templateOf(stack).toJSON() as TemplateJson).Resources as Resources).map((c) => ({
        stack: stack.node.id,
        ...c,
      })),
    );
    // The check has something to check: the kubectl provider's chart and manifest in each cluster,
    // the database provisioner and aws-cdk-lib's default security group restriction (its own
    // provider Lambda) in the Foundation, the uninstall and the sweep in a build.
    const types = [...new Set(all.map((c) => c.type))];
    expect(types.sort()).toEqual(
      [
        'Custom::AWSCDK-EKS-HelmChart',
        'Custom::AWSCDK-EKS-KubernetesResource',
        'Custom::PlatformDatabases',
        'Custom::VpcRestrictDefaultSG',
        ...(buildsAllowed ? ['Custom::BuildSweeper', 'Custom::BuildUninstall'] : []),
      ].sort(),
    );
    const wrong = all.filter(
      (c) =>
        !(c.serviceTimeout >= 1 && c.serviceTimeout < c.lambdaTimeout && Number.isInteger(c.serviceTimeout)),
    );
    expect(wrong).toEqual([]);
    // The kubectl handler's deletes: CloudFormation gives up 5 s before its 15-minute Lambda.
    expect(
      all
        .filter((c) => c.type.startsWith('Custom::AWSCDK-EKS-'))
        .map((c) => [c.lambdaTimeout, c.serviceTimeout]),
    ).toEqual(all.filter((c) => c.type.startsWith('Custom::AWSCDK-EKS-')).map(() => [900, 895]));
  });

  test('a ServiceTimeout already set is kept; a short Lambda gets a shorter wait; a foreign token is warned about', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const fn = (id: string, timeout: Duration) =>
      new lambda.Function(stack, id, {
        code: lambda.Code.fromInline('exports.handler = async () => {}'),
        handler: 'index.handler',
        runtime: lambda.Runtime.NODEJS_22_X,
        timeout,
      });
    const long = fn('Long', Duration.minutes(5));
    const short = fn('Short', Duration.seconds(20));
    new CustomResource(stack, 'Kept', {
      serviceToken: long.functionArn,
      serviceTimeout: Duration.seconds(100),
    });
    new CustomResource(stack, 'Set', { serviceToken: long.functionArn });
    new CustomResource(stack, 'ShortOne', { serviceToken: short.functionArn });
    new CustomResource(stack, 'Topic', { serviceToken: 'arn:aws:sns:eu-west-2:111111111111:elsewhere' });
    Aspects.of(app).add(new ServiceTimeouts());
    const resources = (Template.fromStack(stack).toJSON() as TemplateJson).Resources as Resources;
    const timeouts = Object.fromEntries(
      Object.entries(resources)
        .filter(([, r]) => r.Type === 'AWS::CloudFormation::CustomResource')
        .map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties?.ServiceTimeout]),
    );
    expect(timeouts).toEqual({ Kept: '100', Set: 295, ShortOne: 15, Topic: undefined });
    Annotations.fromStack(stack).hasWarning(
      '/S/Topic/Default',
      'this custom resource calls no Lambda function of its stack with a known timeout, so it gets no ServiceTimeout and CloudFormation may wait an hour for it [ack: goldenpath:service-timeout]',
    );
    expect([
      serviceTimeoutFor(900),
      serviceTimeoutFor(10),
      serviceTimeoutFor(11),
      serviceTimeoutFor(1),
    ]).toEqual([895, 9, 6, 1]);
  });
});
