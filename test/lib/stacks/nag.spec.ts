import { type App, Stack, Validations, aws_s3 as s3 } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { acknowledgeNag, addNagChecks } from '../../../lib/stacks/nag';
import { sharedTestApp, testApp } from '../../util';

/** Every cdk-nag acknowledgement in an app: `[construct path, rule]`. */
function acknowledgements(raw: Parameters<typeof sharedTestApp>[0]): [string, string][] {
  const { app } = sharedTestApp(raw);
  app.synth();
  return acknowledgementsOf(app);
}

function acknowledgementsOf(app: App): [string, string][] {
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

/** A cdk-nag finding: the rule (narrowed, `AwsSolutions-IAM5[Resource::*]`) and the construct it is on. */
interface Finding {
  readonly rule: string;
  readonly path: string;
}

/**
 * Every finding cdk-nag reports on an app with no acknowledgement honoured: the pack's check for
 * acknowledgements is stubbed to "not acknowledged" for the one run.
 */
function rawFindings(app: App): Finding[] {
  const pack = NagPack.prototype as unknown as { isAcknowledged: () => boolean };
  const spy = jest.spyOn(pack, 'isAcknowledged').mockReturnValue(false);
  try {
    return new AwsSolutionsChecks()
      .validateScope(app)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' })),
      );
  } finally {
    spy.mockRestore();
  }
}

/** The acknowledgements no finding uses: an acknowledgement covers its construct and those below it. */
function unusedAcknowledgements(app: App): [string, string][] {
  app.synth();
  const findings = rawFindings(app);
  return acknowledgementsOf(app).filter(
    ([path, id]) =>
      !findings.some(
        (f) => `AwsSolutions::${f.rule}` === id && (f.path === path || f.path.startsWith(`${path}/`)),
      ),
  );
}

describe('cdk-nag', () => {
  test.each([{ env: 'dev', buildId: 'pr-1' }, { env: 'test' }, { env: 'staging' }, { env: 'prod' }])(
    'every acknowledgement matches a finding (%j)',
    (raw) => {
      expect(unusedAcknowledgements(sharedTestApp(raw).app)).toEqual([]);
    },
  );

  test('an acknowledgement that matches no finding is reported', () => {
    const app = testApp();
    addNagChecks(app);
    const stack = new Stack(app, 'Ok');
    new s3.Bucket(stack, 'Logs', { enforceSSL: true, serverAccessLogsPrefix: 'self/' });
    acknowledgeNag(stack, 'AwsSolutions-S1', 'nothing here needs it');
    acknowledgeNag(stack, 'AwsSolutions-S10', 'nothing here needs it either');

    expect(unusedAcknowledgements(app)).toEqual([
      ['Ok', 'AwsSolutions::AwsSolutions-S1'],
      ['Ok', 'AwsSolutions::AwsSolutions-S10'],
    ]);
  });

  test('an unacknowledged finding fails synth', () => {
    const app = testApp();
    addNagChecks(app);
    const stack = new Stack(app, 'Bad');
    new s3.Bucket(stack, 'NoTls');
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });

  test('the acknowledged findings of the dev Foundation, each with its reason in the code', () => {
    expect(acknowledgements({ env: 'dev' }).filter(([path]) => path.startsWith('Foundation/'))).toEqual([
      ['Foundation/AppSecrets/argocd-admin', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/AppSecrets/backstage-secrets', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/AppSecrets/grafana-admin', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/AppSecrets/keycloak-admin', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/AppSecrets/oidc-acceptance-user', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/AppSecrets/oidc-argocd', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/AppSecrets/oidc-backstage', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/AppSecrets/oidc-goldenpath-acceptance', 'AwsSolutions::AwsSolutions-SMG4'],
      ['Foundation/AppSecrets/oidc-grafana', 'AwsSolutions::AwsSolutions-SMG4'],
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
        'Foundation/Ci/Deploy',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:eu-west-2:111111111111:secret:goldenpath/dev/*]',
      ],
      [
        'Foundation/Ci/Deploy',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:ssm:eu-west-2:111111111111:parameter/goldenpath/dev/foundation/*]',
      ],
      ['Foundation/Ci/Deploy', 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:route53:::hostedzone/*]'],
      [
        'Foundation/Ci/Deploy',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:rds:eu-west-2:111111111111:db:*]',
      ],
      [
        'Foundation/Ci/Deploy',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::goldenpath-dev-foundation-logs-*]',
      ],
      [
        'Foundation/Ci/Nightly',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:eu-west-2:111111111111:secret:goldenpath/dev/*]',
      ],
      [
        'Foundation/Ci/Nightly',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:ssm:eu-west-2:111111111111:parameter/goldenpath/dev/foundation/*]',
      ],
      ['Foundation/Ci/Nightly', 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:route53:::hostedzone/*]'],
      [
        'Foundation/Ci/Nightly',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:rds:eu-west-2:111111111111:db:*]',
      ],
      [
        'Foundation/Ci/Nightly',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::goldenpath-dev-foundation-logs-*]',
      ],
      [
        'Foundation/Ci/Nightly',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:cloudformation:eu-west-2:111111111111:stack/goldenpath-dev-foundation/*]',
      ],
      [
        'Foundation/Ci/Nightly',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:logs:eu-west-2:111111111111:log-group:/goldenpath/dev/build-reaper:*]',
      ],
      [
        'Foundation/Ci/Build',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:ssm:eu-west-2:111111111111:parameter/goldenpath/dev/foundation/*]',
      ],
      ['Foundation/Ci/Build', 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:route53:::hostedzone/*]'],
      [
        'Foundation/Ci/Build',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:cloudformation:eu-west-2:111111111111:stack/goldenpath-dev-b-*/*]',
      ],
      [
        'Foundation/Ci/Build',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-gpbuild-assets-111111111111-eu-west-2/*]',
      ],
      [
        'Foundation/Ci/Build',
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:eks:eu-west-2:111111111111:cluster/goldenpath-dev-b-*]',
      ],
      ['Foundation/BuildBoundary/Policy', 'AwsSolutions::AwsSolutions-IAM5[Action::*]'],
      ['Foundation/BuildBoundary/Policy', 'AwsSolutions::AwsSolutions-IAM5[Resource::*]'],
    ]);
  });
});
