import { App, Stack, type aws_ssm as ssm } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ContractParameters } from '../../../constructs/foundation/contract-parameters';
import { buildContract, contractKeys } from '../../../lib/model/contract';
import type { EnvironmentName } from '../../../lib/model/config';
import { PLATFORM_CATALOGUE } from '../../../tiers/catalogue';
import { envConfig } from '../../util';

/** The construct in a stack of its own, publishing a contract whose every value is `value-of-<key>`. */
function published(env: EnvironmentName = 'dev') {
  const config = envConfig(env);
  const stack = new Stack(new App(), 'Foundation');
  const contract = buildContract(config, PLATFORM_CATALOGUE, (key) => `value-of-${key}`);
  const parameters = new ContractParameters(stack, 'Contract', { contract });
  return { stack, parameters, keys: contractKeys(config, PLATFORM_CATALOGUE) };
}

describe('ContractParameters', () => {
  test('one String parameter per contract key, under the environment’s contract path', () => {
    const { stack, keys } = published('staging');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SSM::Parameter', keys.length);
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/goldenpath/staging/foundation/v1/zone/id',
      Type: 'String',
      Value: 'value-of-zone/id',
      Description: 'goldenpath Foundation contract zone/id',
    });
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/goldenpath/staging/foundation/v1/schema-version',
      Value: '1',
    });
  });

  test('exposes each parameter by its contract key', () => {
    const { parameters, keys } = published();
    expect(Object.keys(parameters.parameters)).toEqual(keys);
    const cfn = parameters.parameters['vpc/id'].node.defaultChild as ssm.CfnParameter;
    expect([cfn.name, cfn.value]).toEqual(['/goldenpath/dev/foundation/v1/vpc/id', 'value-of-vpc/id']);
  });

  test('construct ids are the keys with dashes for slashes (renaming one would replace a named parameter)', () => {
    const { stack, parameters } = published();
    const logicalId = (p: ssm.StringParameter) => stack.getLogicalId(p.node.defaultChild as ssm.CfnParameter);
    expect([
      parameters.parameters['subnets/private/eu-west-2a'].node.id,
      logicalId(parameters.parameters['subnets/private/eu-west-2a']),
      logicalId(parameters.parameters['secrets/keycloak/admin/arn']),
    ]).toEqual([
      'subnets-private-eu-west-2a',
      expect.stringMatching(/^Contractsubnetsprivateeuwest2a[0-9A-F]{8}$/),
      expect.stringMatching(/^Contractsecretskeycloakadminarn[0-9A-F]{8}$/),
    ]);
  });
});
