import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ECR_RISK_POLICY, EcrRepositories } from '../../../constructs/foundation/ecr-repositories';
import type { EcrRepositoryConfig } from '../../../lib/model/config';
import { testApp } from '../../util';

function build(repositories: readonly EcrRepositoryConfig[]) {
  const stack = new Stack(testApp(), 'Test');
  new EcrRepositories(stack, 'Ecr', { env: 'staging', repositories });
  return Template.fromStack(stack);
}

describe('EcrRepositories', () => {
  test.each(['low', 'medium', 'high'] as const)(
    'a %s-risk repository: named per environment, by its policy',
    (riskTier) => {
      const policy = ECR_RISK_POLICY[riskTier];
      const template = build([{ name: 'payments-api', riskTier }]);

      template.hasResource('AWS::ECR::Repository', {
        DeletionPolicy: 'Retain',
        Properties: {
          RepositoryName: 'goldenpath/staging/payments-api',
          ImageScanningConfiguration: { ScanOnPush: true },
          ImageTagMutability: policy.immutable ? 'IMMUTABLE' : 'MUTABLE',
          EncryptionConfiguration: policy.kms ? { EncryptionType: 'KMS' } : Match.absent(),
        },
      });
      expect(JSON.stringify(template.toJSON())).toContain(`\\"countNumber\\":${policy.keepImages}`);
    },
  );

  test('a name ECR would refuse fails synth with the rule', () => {
    expect(() => build([{ name: 'Payments_', riskTier: 'low' }])).toThrow(
      'Invalid ecrRepository name "goldenpath/staging/Payments_": ecrRepository names allow lower-case letters and digits, separated by single . _ - or /',
    );
  });
});
