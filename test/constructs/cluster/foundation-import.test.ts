import { App, Stack, aws_ec2 as ec2, aws_iam as iam, aws_route53 as route53 } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FoundationImport } from '../../../constructs/cluster/foundation-import';
import type { EnvironmentConfig } from '../../../lib/model/config';
import { readFoundationContract } from '../../../lib/stacks/contract-reader';
import { envConfig } from '../../util';

function imported(config: EnvironmentConfig = envConfig('dev')) {
  const stack = new Stack(new App(), 'Cluster', { env: { account: config.account, region: config.region } });
  const foundation = new FoundationImport(stack, 'Foundation', {
    contract: readFoundationContract(stack, config),
    zoneName: 'dev.goldenpathidp.io',
  });
  return { stack, foundation };
}

/** The SSM parameter a resolved value refers to, by its default (the parameter path). */
function ssmPath(stack: Stack, value: string): string {
  const ref = (stack.resolve(value) as { Ref: string }).Ref;
  return (Template.fromStack(stack).toJSON() as { Parameters: Record<string, { Default: string }> })
    .Parameters[ref].Default;
}

describe('FoundationImport', () => {
  test('typed handles whose ids are the contract parameters', () => {
    const { stack, foundation } = imported();
    const vpc: ec2.IVpc = foundation.vpc;
    const zone: route53.IHostedZone = foundation.hostedZone;
    const policy: iam.IManagedPolicy = foundation.externalSecretsPolicy;
    const clients: ec2.ISecurityGroup = foundation.databaseClients!;
    expect([
      ssmPath(stack, vpc.vpcId),
      ...vpc.privateSubnets.map((s) => ssmPath(stack, s.subnetId)),
      ssmPath(stack, clients.securityGroupId),
      ssmPath(stack, zone.hostedZoneId),
      ssmPath(stack, policy.managedPolicyArn),
    ]).toEqual([
      '/goldenpath/dev/foundation/v1/vpc/id',
      '/goldenpath/dev/foundation/v1/subnets/private/eu-west-2a',
      '/goldenpath/dev/foundation/v1/subnets/private/eu-west-2b',
      '/goldenpath/dev/foundation/v1/subnets/private/eu-west-2c',
      '/goldenpath/dev/foundation/v1/database/client-security-group-id',
      '/goldenpath/dev/foundation/v1/zone/id',
      '/goldenpath/dev/foundation/v1/iam/external-secrets-policy-arn',
    ]);
    expect(vpc.privateSubnets.map((s) => s.availabilityZone)).toEqual([
      'eu-west-2a',
      'eu-west-2b',
      'eu-west-2c',
    ]);
    expect(zone.zoneName).toBe('dev.goldenpathidp.io');
  });

  test('creates nothing, and reads the contract in a fixed order (the order of the template parameters)', () => {
    const { stack } = imported();
    const template = Template.fromStack(stack).toJSON() as {
      Resources?: object;
      Parameters: Record<string, { Type: string; Default: string }>;
    };
    expect(Object.keys(template.Resources ?? {})).toEqual([]);
    expect(
      Object.values(template.Parameters)
        .filter((p) => p.Default.startsWith('/goldenpath/'))
        .map((p) => p.Default.replace('/goldenpath/dev/foundation/v1/', '')),
    ).toEqual([
      'vpc/id',
      'subnets/private/eu-west-2a',
      'subnets/private/eu-west-2b',
      'subnets/private/eu-west-2c',
      'database/client-security-group-id',
      'zone/id',
      'iam/external-secrets-policy-arn',
    ]);
  });

  test('the database-client group cannot be changed from a cluster', () => {
    const { stack, foundation } = imported();
    foundation.databaseClients!.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(5432));
    Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('no database in the environment: no database-client group, and no parameter for one', () => {
    const { stack, foundation } = imported({ ...envConfig('dev'), database: undefined });
    expect(foundation.databaseClients).toBeUndefined();
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('database');
  });
});
