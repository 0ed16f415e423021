import { App, Stack, aws_eks_v2 as eks, aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { WorkloadIdentities } from '../../../constructs/cluster/workload-identities';
import { dnsScope } from '../../../lib/model/dns-scope';
import type { BuildId } from '../../../lib/model/build-id';
import { roleOf } from '../iam-simulator';

/** The cluster of the identities under test: build `1` of dev. */
export const CLUSTER = 'goldenpath-dev-b-1';
export const LOG_BUCKET = 'goldenpath-dev-foundation-logs-111111111111';

const templates = new Map<string | null, Template>();

/**
 * The workload identities of build `1`, with or without the Foundation's secret-read policy; made
 * once per argument and file, as the tests only read the template.
 */
export function synth(
  externalSecretsPolicyArn:
    string | null = 'arn:aws:iam::111111111111:policy/goldenpath-dev-external-secrets-read',
): Template {
  let template = templates.get(externalSecretsPolicyArn);
  if (!template) {
    template = identitiesTemplate(externalSecretsPolicyArn);
    templates.set(externalSecretsPolicyArn, template);
  }
  return template;
}

function identitiesTemplate(externalSecretsPolicyArn: string | null): Template {
  const stack = new Stack(new App(), 'S');
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: CLUSTER });
  const dns = dnsScope({
    deployment: { env: 'dev', kind: 'ephemeral', buildId: '1' as BuildId },
    baseDomain: 'goldenpathidp.io',
    hostedZoneId: 'Z1',
  });
  new WorkloadIdentities(stack, 'Identities', {
    cluster,
    clusterName: CLUSTER,
    externalSecretsPolicy:
      externalSecretsPolicyArn === null
        ? undefined
        : iam.ManagedPolicy.fromManagedPolicyArn(stack, 'ExternalSecretsRead', externalSecretsPolicyArn),
    externalDnsStatements: dns.statements,
    logBucketName: LOG_BUCKET,
  });
  return Template.fromStack(stack);
}

/** The resolved identity policies of the role whose logical id starts with `prefix`. */
export function policiesOf(prefix: string): unknown[] {
  const t = synth();
  const id = Object.keys(t.findResources('AWS::IAM::Role')).find((k) => k.startsWith(prefix))!;
  return roleOf(t, { id }).policies;
}
