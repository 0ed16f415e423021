import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { foundationCapabilities } from '../../../lib/model/contract';
import { platformSecrets } from '../../../lib/model/secrets';
import { readFoundationContract } from '../../../lib/stacks/contract-reader';
import { PLATFORM_CATALOGUE } from '../../../tiers/catalogue';
import { envConfig, testApp } from '../../util';

describe('contract reader', () => {
  test('reads each value it uses from an SSM parameter at deploy time, and only those, with no import', () => {
    const app = testApp();
    const config = envConfig('dev');
    const stack = new Stack(app, 'Reader', { env: { account: config.account, region: config.region } });
    const contract = readFoundationContract(stack, config);
    new CfnOutput(stack, 'Zone', { value: contract.hostedZoneId });
    const template = Template.fromStack(stack).toJSON() as {
      Parameters: Record<string, { Type: string; Default: string }>;
    };
    const ssmDefaults = Object.values(template.Parameters)
      .filter((p) => p.Type === 'AWS::SSM::Parameter::Value<String>')
      .map((p) => p.Default)
      .filter((name) => name.startsWith('/goldenpath/'));
    expect(ssmDefaults).toEqual(['/goldenpath/dev/foundation/v1/zone/id']);
    expect(JSON.stringify(template)).not.toContain('Fn::ImportValue');
  });

  test('capabilities come from the Foundation config, so synth can check them', () => {
    const config = { ...envConfig('test'), database: undefined };
    const contract = readFoundationContract(new Stack(testApp(), 'R'), config);
    expect(contract.capabilities).toEqual(foundationCapabilities(config));
    expect([contract.capabilities.database, contract.database]).toEqual([false, undefined]);
  });
});

describe('contract reader: what a cluster of another environment reads', () => {
  test('the secrets of the tier catalogue’s apps, each from its own environment’s parameter', () => {
    const config = envConfig('prod');
    const stack = new Stack(testApp(), 'Reader', { env: { account: config.account, region: config.region } });
    const contract = readFoundationContract(stack, config);
    expect(Object.keys(contract.secretArns)).toEqual(
      platformSecrets(config, PLATFORM_CATALOGUE).map((s) => s.id),
    );
    new CfnOutput(stack, 'Keycloak', { value: contract.secretArns['keycloak/admin'] });
    new CfnOutput(stack, 'Database', { value: contract.database!.endpoint });
    const parameters = (
      Template.fromStack(stack).toJSON() as { Parameters: Record<string, { Default: string }> }
    ).Parameters;
    expect(
      Object.values(parameters)
        .map((p) => p.Default)
        .filter((name) => name.startsWith('/goldenpath/')),
    ).toEqual([
      '/goldenpath/prod/foundation/v1/secrets/keycloak/admin/arn',
      '/goldenpath/prod/foundation/v1/database/endpoint',
    ]);
  });
});
