import { Stack, Validations, aws_s3 as s3 } from 'aws-cdk-lib';
import { addNagChecks } from '../../../lib/stacks/nag';
import { buildTestApp, testApp } from '../../util';

/** Every cdk-nag acknowledgement in an app: `[construct path, rule]`. */
function acknowledgements(raw: Parameters<typeof buildTestApp>[0]): [string, string][] {
  const { app } = buildTestApp(raw);
  app.synth();
  return app.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.keys(m.data as Record<string, string>).map((rule): [string, string] => [c.node.path, rule]),
        ),
    )
    .filter(([, rule]) => rule.startsWith('AwsSolutions::'));
}

describe('cdk-nag', () => {
  test('an unacknowledged finding fails synth', () => {
    const app = testApp();
    addNagChecks(app);
    const stack = new Stack(app, 'Bad');
    new s3.Bucket(stack, 'NoTls');
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });

  test('the acknowledged findings of the dev Foundation, each with its reason in the code', () => {
    expect(acknowledgements({ env: 'dev' }).filter(([path]) => path.startsWith('Foundation/'))).toEqual([
      ['Foundation/LogBucket/AccessLogs', 'AwsSolutions::AwsSolutions-S1'],
      ['Foundation/AppSecrets/keycloak-admin', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/AppSecrets/backstage-secrets', 'AwsSolutions::AwsSolutions-SMG4'],
      [
        'Foundation/AppSecrets/ExternalSecretsRead',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:eu-west-2:111111111111:secret:goldenpath/dev/*]',
      ],
      ['Foundation/Database/MasterSecret', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/Database/Instance', 'AwsSolutions::AwsSolutions-RDS3'],
      ['Foundation/Database/Instance', 'AwsSolutions::AwsSolutions-RDS11'],
      ['Foundation/Database/keycloak-postgres', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/Database/backstage-postgres', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/Database/grafana-postgres', 'AwsSolutions::AwsSolutions-SMG4'],
      [
        'Foundation/Database/Provisioner/ServiceRole',
        'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ],
      [
        'Foundation/Database/Provisioner/ServiceRole',
        'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      ],
      [
        'Foundation/BuildReaper/Function/ServiceRole',
        'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ],
      ['Foundation/BuildReaper/Function/ServiceRole', 'AwsSolutions::AwsSolutions-IAM5[Resource::*]'],
      [
        'Foundation/BuildReaper/Function/ServiceRole',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:cloudformation:eu-west-2:111111111111:stack/goldenpath-dev-b-*/*]',
      ],
      [
        'Foundation/BuildReaper/Function/ServiceRole',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:iam::111111111111:role/cdk-*-cfn-exec-role-111111111111-eu-west-2]',
      ],
      ['Foundation/BuildReaper/DeadLetters', 'AwsSolutions::AwsSolutions-SQS3'],
      [
        'Foundation/Ci/ReadOnly',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:iam::111111111111:role/cdk-*-lookup-role-111111111111-*]',
      ],
      [
        'Foundation/Ci/ReadOnly',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:ssm:eu-west-2:111111111111:parameter/goldenpath/dev/*]',
      ],
      [
        'Foundation/Ci/ReadOnly',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:eu-west-2:111111111111:secret:goldenpath/dev/*]',
      ],
      ['Foundation/Ci/ReadOnly', 'AwsSolutions::AwsSolutions-IAM5[Resource::*]'],
      [
        'Foundation/Ci/Deploy',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:iam::111111111111:role/cdk-*-deploy-role-111111111111-*]',
      ],
      [
        'Foundation/Ci/Deploy',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:iam::111111111111:role/cdk-*-file-publishing-role-111111111111-*]',
      ],
      [
        'Foundation/Ci/Deploy',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:iam::111111111111:role/cdk-*-image-publishing-role-111111111111-*]',
      ],
      [
        'Foundation/Ci/Deploy',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:iam::111111111111:role/cdk-*-lookup-role-111111111111-*]',
      ],
    ]);
  });
});
