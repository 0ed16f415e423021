import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { EnvironmentConfig } from '../../../lib/model/config';
import { contractKeys, flattenContract } from '../../../lib/model/contract';
import { FoundationStack } from '../../../lib/stacks/foundation-stack';
import { platformSecrets } from '../../../lib/model/secrets';
import { addNagChecks } from '../../../lib/stacks/nag';
import { PLATFORM_CATALOGUE } from '../../../tiers/catalogue';
import { envConfig, testApp } from '../../util';
import { type Resources, resolver } from '../../constructs/iam-simulator';

const ACCOUNT = '111111111111';
const MASTER_ARN = `arn:aws:secretsmanager:eu-west-2:${ACCOUNT}:secret:goldenpath/dev/rds/master-AbCdEf`;

/** The dev config with the two apps DESIGN §7 names, so config changes do not move these tests. */
function devConfig(): EnvironmentConfig {
  const config = envConfig('dev');
  return {
    ...config,
    database: {
      ...config.database!,
      apps: [
        { app: 'keycloak', databaseName: 'keycloak', roleName: 'keycloak', createDb: false },
        { app: 'backstage', databaseName: 'backstage', roleName: 'backstage', createDb: true },
      ],
    },
  };
}

function foundation(config: EnvironmentConfig = devConfig(), nag = false) {
  const app = testApp();
  if (nag) addNagChecks(app);
  const stack = new FoundationStack(app, 'Foundation', { config });
  return { app, stack };
}

type Json = unknown;

/** Every principal (role) and every customer managed policy of the template, with its policy documents. */
function principals(template: Template): Record<string, Json[]> {
  const resources = template.toJSON().Resources as Resources;
  const resolve = resolver(resources);
  const out: Record<string, Json[]> = {};
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::IAM::ManagedPolicy') out[id] = [resolve(r.Properties!.PolicyDocument)];
    if (r.Type !== 'AWS::IAM::Role') continue;
    const inline = ((r.Properties!.Policies as { PolicyDocument: Json }[] | undefined) ?? []).map((p) =>
      resolve(p.PolicyDocument),
    );
    const attached = Object.values(resources)
      .filter(
        (p) => p.Type === 'AWS::IAM::Policy' && JSON.stringify(p.Properties!.Roles).includes(`"Ref":"${id}"`),
      )
      .map((p) => resolve(p.Properties!.PolicyDocument));
    const managed = ((r.Properties!.ManagedPolicyArns as Json[] | undefined) ?? [])
      .filter((m): m is { Ref: string } => typeof m === 'object' && m !== null && 'Ref' in m)
      .map((m) => resolve(resources[m.Ref].Properties!.PolicyDocument));
    out[id] = [...inline, ...attached, ...managed];
  }
  return out;
}

async function mayRead(policies: Json[], secretArn: string): Promise<string> {
  const res = await runSimulation(
    {
      identityPolicies: policies.map((policy, i) => ({ name: `p${i}`, policy: policy as never })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action: 'secretsmanager:GetSecretValue',
        principal: `arn:aws:iam::${ACCOUNT}:role/someone`,
        resource: { accountId: ACCOUNT, resource: secretArn },
        contextVariables: {},
      },
    },
    {},
  );
  if (res.resultType === 'error') throw new Error(JSON.stringify(res.errors));
  return res.overallResult;
}

describe('Foundation with the platform database', () => {
  test.each(['dev', 'test', 'staging', 'prod'] as const)(
    '%s: the contract publishes exactly the keys contractKeys describes',
    (env) => {
      const config = envConfig(env);
      const { stack } = foundation(config);

      expect(Object.keys(flattenContract(stack.contract))).toEqual(contractKeys(config, PLATFORM_CATALOGUE));
      expect(stack.contract.capabilities.database).toBe(true);
      expect(Object.keys(stack.contract.secretArns)).toEqual(
        platformSecrets(config, PLATFORM_CATALOGUE).map((s) => s.id),
      );
      expect(Object.keys(stack.contract.secretArns)).toEqual(
        expect.arrayContaining([
          'keycloak/admin',
          'backstage/secrets',
          'keycloak/postgres',
          'backstage/postgres',
        ]),
      );
    },
  );

  test('the database part of the contract is the instance endpoint and the client security group', () => {
    const { stack } = foundation();
    const params = Template.fromStack(stack).findResources('AWS::SSM::Parameter') as Record<
      string,
      { Properties: { Name: string; Value: unknown } }
    >;
    const value = (key: string) =>
      Object.values(params).find((p) => p.Properties.Name === `/goldenpath/dev/foundation/v1/${key}`)
        ?.Properties.Value;
    const instance = stack.getLogicalId(stack.database!.instance.node.defaultChild as never);
    const clients = stack.getLogicalId(stack.database!.clientSecurityGroup.node.defaultChild as never);

    expect(value('database/endpoint')).toEqual({ 'Fn::GetAtt': [instance, 'Endpoint.Address'] });
    expect(value('database/port')).toEqual({ 'Fn::GetAtt': [instance, 'Endpoint.Port'] });
    expect(value('database/client-security-group-id')).toEqual({ 'Fn::GetAtt': [clients, 'GroupId'] });
    expect(value('capabilities/database')).toBe('true');
    expect(value('secrets/backstage/postgres/arn')).toEqual({
      Ref: stack.getLogicalId(stack.database!.appSecrets['backstage/postgres'].node.defaultChild as never),
    });
  });

  test('without database config: no database, capability false, no database keys', () => {
    const config: EnvironmentConfig = { ...devConfig(), database: undefined };
    const { stack } = foundation(config);

    expect(stack.database).toBeUndefined();
    expect(Object.keys(flattenContract(stack.contract))).toEqual(contractKeys(config, PLATFORM_CATALOGUE));
    expect(stack.contract.capabilities.database).toBe(false);
    Template.fromStack(stack).resourceCountIs('AWS::RDS::DBInstance', 0);
  });

  test('no role or managed policy but the provisioner may read the master secret; External Secrets reads app secrets', async () => {
    const { stack } = foundation();
    const template = Template.fromStack(stack);
    const provisionerRole = stack.getLogicalId(stack.database!.provisioner.role!.node.defaultChild as never);
    const externalSecrets = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).find(([, p]) =>
      JSON.stringify(p).includes('goldenpath-dev-external-secrets-read'),
    )![0];
    const all = principals(template);

    const readers: string[] = [];
    for (const [id, docs] of Object.entries(all))
      if ((await mayRead(docs, MASTER_ARN)) === 'Allowed') readers.push(id);

    expect(readers).toEqual([provisionerRole]);
    expect(Object.keys(all).length).toBeGreaterThan(3);
    expect(await mayRead(all[externalSecrets], MASTER_ARN)).toBe('ExplicitlyDenied');
    expect(
      await mayRead(
        all[externalSecrets],
        `arn:aws:secretsmanager:eu-west-2:${ACCOUNT}:secret:goldenpath/dev/keycloak/postgres-AbCdEf`,
      ),
    ).toBe('Allowed');
    template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
  });

  test('cdk-nag: the database findings acknowledged, each at its resource', () => {
    const { app } = foundation(devConfig(), true);
    app.synth();

    const acknowledged = app.node
      .findAll()
      .filter((c) => c.node.path.startsWith('Foundation/Database'))
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.keys(m.data as Record<string, string>).map((rule) => [c.node.path, rule])),
      );
    expect(acknowledged).toEqual([
      ['Foundation/Database/MasterSecret', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/Database/Instance', 'AwsSolutions::AwsSolutions-RDS3'],
      ['Foundation/Database/Instance', 'AwsSolutions::AwsSolutions-RDS11'],
      ['Foundation/Database/keycloak-postgres', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/Database/backstage-postgres', 'AwsSolutions::AwsSolutions-SMG4'],
      [
        'Foundation/Database/Provisioner/ServiceRole',
        'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ],
      [
        'Foundation/Database/Provisioner/ServiceRole',
        'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      ],
    ]);
  });
});
