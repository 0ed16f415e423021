import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ENVIRONMENT_NAMES, type EnvironmentName } from '../../../lib/model/config';
import { contractParameterName } from '../../../lib/model/naming';
import { annotationsOf, buildTestApp, rawConfig, sharedTestApp, templateOf } from '../../util';
import { externalSecretsReadPolicy } from '../../constructs/foundation/external-secrets-policy';
// The secrets the app definitions declare run with these tests: they read the same dev app.
import './foundation-stack/secrets';

type Resource = { Properties: Record<string, unknown> };
const resources = (t: Template, type: string) => t.findResources(type) as Record<string, Resource>;

/** The committed config's Foundation of `env`, built once for the file (the tests only read it). */
function foundationTemplate(env: EnvironmentName = 'dev') {
  const { foundation } = sharedTestApp({ env });
  return { foundation, template: templateOf(foundation) };
}

describe('Foundation stack', () => {
  test.each(ENVIRONMENT_NAMES)(
    '%s synthesizes as goldenpath-%s-foundation in its account and region',
    (env) => {
      const { foundation } = foundationTemplate(env);
      expect(foundation.stackName).toBe(`goldenpath-${env}-foundation`);
      expect(foundation.node.id).toBe('Foundation');
      expect([foundation.account, foundation.region]).toEqual([foundation.config.account, 'eu-west-2']);
    },
  );

  test('termination protection is on in staging and prod only', () => {
    expect(ENVIRONMENT_NAMES.map((env) => foundationTemplate(env).foundation.terminationProtection)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });
});

describe('warnings on legal but risky settings', () => {
  test('prod with one NAT gateway and a single-AZ database: one warning each, with its id', () => {
    const raw = rawConfig();
    raw.environments.prod.natGateways = 1;
    (raw.environments.prod.database as Record<string, unknown>).multiAz = false;
    const annotations = Annotations.fromStack(buildTestApp({ env: 'prod' }, raw).foundation);

    annotations.hasWarning(
      '/Foundation/Network',
      'prod: natGateways is 1, so an outage of its AZ cuts the egress of every private subnet; set natGateways to 3 (one per AZ) [ack: goldenpath:single-nat-gateway]',
    );
    annotations.hasWarning(
      '/Foundation/Database',
      'prod: database.multiAz is false, so one AZ outage stops the platform database (recovery is a restore from backup); set database.multiAz to true [ack: goldenpath:single-az-database]',
    );
  });

  test.each(ENVIRONMENT_NAMES)('the committed %s config raises neither', (env) => {
    const annotations = annotationsOf(foundationTemplate(env).foundation);
    annotations.hasNoWarning('*', Match.stringLikeRegexp('goldenpath:single-(nat-gateway|az-database)'));
  });

  test.each([
    ['dev', false],
    ['staging', true],
    ['prod', true],
  ] as const)('%s: the database is Multi-AZ: %s', (env, multiAz) => {
    const { template } = foundationTemplate(env);
    template.hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: multiAz });
  });
});

describe('network', () => {
  const { template } = foundationTemplate('dev');

  test('VPC with the configured CIDR', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
  });

  test('three subnet groups in each of the three AZs', () => {
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    for (const az of ['eu-west-2a', 'eu-west-2b', 'eu-west-2c']) {
      expect(
        Object.keys(template.findResources('AWS::EC2::Subnet', { Properties: { AvailabilityZone: az } })),
      ).toHaveLength(3);
    }
  });

  test('public subnets are tagged for internet-facing and private ones for internal load balancers', () => {
    const tagged = (key: string, type: string) =>
      Object.keys(
        template.findResources('AWS::EC2::Subnet', {
          Properties: {
            Tags: Match.arrayWith([
              { Key: 'aws-cdk:subnet-type', Value: type },
              { Key: key, Value: '1' },
            ]),
          },
        }),
      ).length;
    expect([
      tagged('kubernetes.io/role/elb', 'Public'),
      tagged('kubernetes.io/role/internal-elb', 'Private'),
    ]).toEqual([3, 3]);
    expect(tagged('kubernetes.io/role/elb', 'Private') + tagged('kubernetes.io/role/elb', 'Isolated')).toBe(
      0,
    );
  });

  test('one NAT gateway in dev, one per AZ in prod', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    foundationTemplate('prod').template.resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  test('flow logs capture all traffic into a retained log group', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Retain',
    });
  });
});

describe('DNS zone', () => {
  test('public zone <env>.<baseDomain>, retained, name servers as an output', () => {
    const { template } = foundationTemplate('staging');
    template.hasResource('AWS::Route53::HostedZone', {
      Properties: { Name: 'staging.goldenpathidp.io.' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasOutput('ZoneNameServers', {
      Value: { 'Fn::Join': [',', { 'Fn::GetAtt': [Match.anyValue(), 'NameServers'] }] },
    });
  });
});

describe('log bucket', () => {
  test('encrypted, versioned, private, TLS only, lifecycle, access-logged and retained', () => {
    const { template } = foundationTemplate('dev');
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketName: 'goldenpath-dev-foundation-logs-111111111111',
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: { Rules: [Match.objectLike({ Status: 'Enabled', ExpirationInDays: 400 })] },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'logs/' },
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('ECR repositories', () => {
  const { template } = foundationTemplate('dev');

  test.each([
    ['backstage', 'MUTABLE', 'default AES256', 30],
    ['platform-tools', 'MUTABLE', 'default AES256', 20],
    ['payments-api', 'IMMUTABLE', 'KMS', 50],
  ])(
    '%s: %s, %s encryption, keeps %i images, scans on push, retained',
    (name, mutability, encryption, keep) => {
      template.hasResource('AWS::ECR::Repository', {
        Properties: {
          RepositoryName: `goldenpath/dev/${name}`,
          ImageTagMutability: mutability,
          ImageScanningConfiguration: { ScanOnPush: true },
          EncryptionConfiguration: encryption === 'KMS' ? { EncryptionType: 'KMS' } : Match.absent(),
          LifecyclePolicy: {
            LifecyclePolicyText: Match.serializedJson(
              Match.objectLike({
                rules: [Match.objectLike({ selection: Match.objectLike({ countNumber: keep }) })],
              }),
            ),
          },
        },
        DeletionPolicy: 'Retain',
      });
    },
  );
});

describe('app secrets', () => {
  const { template } = foundationTemplate('dev');

  test.each([
    ['goldenpath/dev/keycloak/admin', 'admin-password'],
    ['goldenpath/dev/backstage/secrets', 'token'],
  ])('%s is generated by Secrets Manager with key %s and retained', (name, key) => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        Name: name,
        GenerateSecretString: Match.objectLike({ GenerateStringKey: key, SecretStringTemplate: '{}' }),
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('no secret value is written into the template', () => {
    expect(
      Object.values(resources(template, 'AWS::SecretsManager::Secret')).filter(
        (r) => r.Properties.SecretString !== undefined,
      ),
    ).toEqual([]);
  });

  test('External Secrets may read goldenpath/<env>/* and never the RDS master secret', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', externalSecretsReadPolicy('dev'));
  });
});

describe('contract parameters', () => {
  test('published under /goldenpath/<env>/foundation/v1/', () => {
    const { template } = foundationTemplate('test');
    const names = Object.values(resources(template, 'AWS::SSM::Parameter')).map(
      (r) => r.Properties.Name as string,
    );
    expect(names.every((n) => n.startsWith('/goldenpath/test/foundation/v1/'))).toBe(true);
    expect(names).toEqual(
      expect.arrayContaining(
        [
          'schema-version',
          'vpc/id',
          'zone/id',
          'zone/name',
          'log-bucket/name',
          'subnets/private/eu-west-2a',
          'subnets/isolated/eu-west-2c',
          'secrets/keycloak/admin/arn',
          'capabilities/database',
        ].map((k) => contractParameterName('test', k)),
      ),
    );
  });

  test('the zone name is published as a plain value and the VPC id as a reference', () => {
    const { template } = foundationTemplate('dev');
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/goldenpath/dev/foundation/v1/zone/name',
      Value: 'dev.goldenpathidp.io',
      Type: 'String',
    });
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/goldenpath/dev/foundation/v1/vpc/id',
      Value: { Ref: Match.stringLikeRegexp('NetworkVpc') },
    });
  });
});

describe('tags', () => {
  test('every taggable resource carries the DESIGN §6 tags', () => {
    const { template, foundation } = foundationTemplate('dev');
    // Stack tags: the CLI applies them to the stack, and CloudFormation to every resource in it,
    // including the CDK's own custom-resource provider roles, which have no Tags property.
    expect(foundation.tags.tagValues()).toEqual({
      Environment: 'dev',
      Lifecycle: 'foundation',
      ManagedBy: 'cdk',
      Owner: 'platform-team',
      Project: 'goldenpath-idp',
    });
    const expected = [
      { Key: 'Environment', Value: 'dev' },
      { Key: 'Lifecycle', Value: 'foundation' },
      { Key: 'ManagedBy', Value: 'cdk' },
      { Key: 'Owner', Value: 'platform-team' },
      { Key: 'Project', Value: 'goldenpath-idp' },
    ];
    for (const type of [
      'AWS::EC2::VPC',
      'AWS::EC2::Subnet',
      'AWS::S3::Bucket',
      'AWS::ECR::Repository',
      'AWS::SecretsManager::Secret',
      'AWS::IAM::Role',
    ]) {
      const tagged = Object.entries(resources(template, type)).filter(
        ([id]) => !id.startsWith('CustomVpcRestrictDefaultSG'),
      );
      expect(tagged.length).toBeGreaterThan(0);
      for (const [, r] of tagged) expect(r.Properties.Tags).toEqual(expect.arrayContaining(expected));
    }
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Tags: Match.objectLike({ Environment: 'dev', Project: 'goldenpath-idp' }),
    });
  });
});
