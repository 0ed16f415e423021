import { Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { DatabaseConfig } from '../../../lib/model/config';
import {
  PlatformDatabase,
  type PlatformDatabaseProps,
} from '../../../constructs/foundation/platform-database';
import { envConfig, testApp } from '../../util';

const TOPIC = 'arn:aws:sns:eu-west-2:111111111111:platform-alerts';

/** The dev database as DESIGN §7 describes it; fixed here so config changes do not move these tests. */
const DEV_DATABASE: DatabaseConfig = {
  instanceClass: 't3.micro',
  allocatedStorageGiB: 20,
  maxAllocatedStorageGiB: 50,
  backupRetentionDays: 7,
  multiAz: false,
  apps: [
    { app: 'keycloak', databaseName: 'keycloak', roleName: 'keycloak', createDb: false },
    { app: 'backstage', databaseName: 'backstage', roleName: 'backstage', createDb: true },
  ],
};

/** A fresh stack with a VPC shaped like the Foundation's and the dev database config. */
function build(database: Partial<DatabaseConfig> = {}, extra: Partial<PlatformDatabaseProps> = {}) {
  const app = testApp();
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-2' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-2a', 'eu-west-2b'],
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const db = new PlatformDatabase(stack, 'Database', {
    env: 'dev',
    vpc,
    database: { ...DEV_DATABASE, ...database },
    ...extra,
  });
  return { stack, db, template: Template.fromStack(stack) };
}

let sharedDefault: ReturnType<typeof build> | undefined;
let sharedWithTopic: ReturnType<typeof build> | undefined;

/**
 * `build()` and `build({ alarmTopicArn: TOPIC })`, made once for the file: most tests read the
 * same stack, and building and synthesizing it is their time. A test that builds anything else
 * (or changes the stack) calls `build` itself.
 */
function built(withTopic = false): ReturnType<typeof build> {
  if (withTopic) return (sharedWithTopic ??= build({ alarmTopicArn: TOPIC }));
  return (sharedDefault ??= build());
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

describe('instance', () => {
  test('pinned engine, size and storage from config, private, encrypted, protected', () => {
    const { template } = built();

    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceIdentifier: 'goldenpath-dev-foundation-postgres',
      Engine: 'postgres',
      EngineVersion: '15.17',
      AutoMinorVersionUpgrade: false,
      DBInstanceClass: 'db.t3.micro',
      StorageType: 'gp3',
      AllocatedStorage: '20',
      MaxAllocatedStorage: 50,
      StorageEncrypted: true,
      PubliclyAccessible: false,
      MultiAZ: false,
      CACertificateIdentifier: 'rds-ca-rsa2048-g1',
      BackupRetentionPeriod: 7,
      DeleteAutomatedBackups: false,
      EnablePerformanceInsights: true,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      DeletionProtection: true,
      // From the master secret at deploy time, never a literal in the template.
      MasterUsername: {
        'Fn::Join': ['', ['{{resolve:secretsmanager:', Match.anyValue(), ':SecretString:username::}}']],
      },
    });
  });

  test('a snapshot on removal or replacement', () => {
    const { template } = built();
    template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('prod sizes come from its config', () => {
    const { template } = build(envConfig('prod').database);

    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.m6g.large',
      AllocatedStorage: '100',
      MaxAllocatedStorage: 500,
    });
  });

  test.each([true, false])('multiAz %s comes from config', (multiAz) => {
    const { template } = build({ multiAz });
    template.hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: multiAz });
  });

  test('logs go to retained log groups with a retention, created before the instance', () => {
    const { template } = built();

    for (const log of ['postgresql', 'upgrade']) {
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: `/aws/rds/instance/goldenpath-dev-foundation-postgres/${log}`,
          RetentionInDays: 90,
        },
        DeletionPolicy: 'Retain',
      });
    }
    const [instance] = Object.values(template.findResources('AWS::RDS::DBInstance')) as {
      DependsOn: string[];
    }[];
    expect(instance.DependsOn.filter((d) => d.includes('Log'))).toHaveLength(2);
  });
});

describe('parameter and subnet groups', () => {
  test('TLS forced, DDL and slow queries logged, max_connections explicit; retained', () => {
    const { template } = built();
    template.hasResource('AWS::RDS::DBParameterGroup', {
      Properties: {
        Family: 'postgres15',
        Parameters: {
          'rds.force_ssl': '1',
          log_statement: 'ddl',
          log_min_duration_statement: '1000',
          max_connections: '112',
        },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('isolated subnets only; retained', () => {
    const { stack, template } = built();
    const vpc = stack.node.findChild('Vpc') as ec2.Vpc;

    template.hasResource('AWS::RDS::DBSubnetGroup', {
      Properties: { SubnetIds: vpc.isolatedSubnets.map((s) => ({ Ref: logicalId(stack, s) })) },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('security groups', () => {
  test('the database admits 5432 from the database-clients group and nothing else', () => {
    const { stack, db, template } = built();
    const dbSg = logicalId(stack, db.securityGroup);
    const clientSg = logicalId(stack, db.clientSecurityGroup);

    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [dbSg, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [clientSg, 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
    });
    const groups = template.findResources('AWS::EC2::SecurityGroup') as Record<
      string,
      { Properties: Record<string, unknown> }
    >;
    for (const id of [dbSg, clientSg]) expect(groups[id].Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('clients may reach the database on 5432 and AWS APIs on 443, nothing more', () => {
    const { stack, db, template } = built();
    const clientSg = logicalId(stack, db.clientSecurityGroup);

    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'goldenpath dev database clients: attach to reach the platform database on 5432',
      SecurityGroupEgress: [
        {
          CidrIp: '0.0.0.0/0',
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          Description: 'HTTPS to AWS APIs (Secrets Manager)',
        },
      ],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [clientSg, 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [logicalId(stack, db.securityGroup), 'GroupId'] },
      FromPort: 5432,
      ToPort: 5432,
    });
  });
});

describe('secrets', () => {
  test('the master secret: name, user, database; attached to the instance; retained', () => {
    const { stack, db, template } = built();

    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        Name: 'goldenpath/dev/rds/master',
        GenerateSecretString: Match.objectLike({
          SecretStringTemplate: '{"username":"goldenpath_admin","dbname":"postgres"}',
          GenerateStringKey: 'password',
        }),
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', {
      TargetType: 'AWS::RDS::DBInstance',
      TargetId: { Ref: logicalId(stack, db.instance) },
    });
  });

  test.each([
    ['keycloak', 'keycloak'],
    ['backstage', 'backstage'],
  ])(
    '%s: goldenpath/dev/%s/postgres with username, password, host, port, dbname, engine; retained',
    (app, name) => {
      const { stack, db, template } = built();
      const instance = logicalId(stack, db.instance);

      expect(Object.keys(db.appSecrets)).toEqual(['keycloak/postgres', 'backstage/postgres']);
      template.hasResource('AWS::SecretsManager::Secret', {
        Properties: {
          Name: `goldenpath/dev/${app}/postgres`,
          GenerateSecretString: {
            SecretStringTemplate: {
              'Fn::Join': [
                '',
                [
                  `{"username":"${name}","host":"`,
                  { 'Fn::GetAtt': [instance, 'Endpoint.Address'] },
                  '","port":"',
                  { 'Fn::GetAtt': [instance, 'Endpoint.Port'] },
                  `","dbname":"${name}","engine":"postgres"}`,
                ],
              ],
            },
            GenerateStringKey: 'password',
            PasswordLength: 40,
            ExcludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
          },
        },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    },
  );

  test('only the provisioner may read the master secret', () => {
    const { stack, db, template } = built();
    const attachment = stack.getLogicalId(db.masterSecret.node.defaultChild as never);
    const readers = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, p]) => JSON.stringify(p).includes(`"Ref":"${attachment}"`))
      .map(([, p]) => (p as { Properties: { Roles: unknown[] } }).Properties.Roles);

    expect(readers).toEqual([[{ Ref: logicalId(stack, db.provisioner.role as never) }]]);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
  });
});

describe('provisioner', () => {
  test('a Node 24 function in the private subnets with the database-clients group, trusting the RDS CA', () => {
    const { stack, db, template } = built();
    const vpc = stack.node.findChild('Vpc') as ec2.Vpc;

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 300,
      Environment: { Variables: { NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem' } },
      VpcConfig: {
        SecurityGroupIds: [{ 'Fn::GetAtt': [logicalId(stack, db.clientSecurityGroup), 'GroupId'] }],
        SubnetIds: vpc.privateSubnets.map((s) => ({ Ref: logicalId(stack, s) })),
      },
    });
  });

  test('named, with the same properties by secret name for sync invocations', () => {
    const { template } = built();

    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'goldenpath-dev-foundation-database-provisioner',
      Environment: {
        Variables: {
          PROVISIONER_SYNC_PROPERTIES: JSON.stringify({
            MasterSecretArn: 'goldenpath/dev/rds/master',
            Apps: [
              {
                App: 'keycloak',
                DatabaseName: 'keycloak',
                RoleName: 'keycloak',
                CreateDb: false,
                SecretArn: 'goldenpath/dev/keycloak/postgres',
              },
              {
                App: 'backstage',
                DatabaseName: 'backstage',
                RoleName: 'backstage',
                CreateDb: true,
                SecretArn: 'goldenpath/dev/backstage/postgres',
              },
            ],
          }),
        },
      },
    });
  });

  test('the custom resource lists every app from config, after the instance, permissions and NAT exist', () => {
    const { stack, db, template } = built();
    const arn = (id: string) => ({ Ref: logicalId(stack, db.appSecrets[id]) });

    const resources = template.findResources('Custom::PlatformDatabases');
    expect(Object.values(resources)).toHaveLength(1);
    const [resource] = Object.values(resources) as {
      Properties: Record<string, unknown>;
      DependsOn: string[];
    }[];
    expect(resource.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [logicalId(stack, db.provisioner), 'Arn'] },
      MasterSecretArn: { Ref: stack.getLogicalId(db.masterSecret.node.defaultChild as never) },
      Apps: [
        {
          App: 'keycloak',
          DatabaseName: 'keycloak',
          RoleName: 'keycloak',
          CreateDb: false,
          SecretArn: arn('keycloak/postgres'),
        },
        {
          App: 'backstage',
          DatabaseName: 'backstage',
          RoleName: 'backstage',
          CreateDb: true,
          SecretArn: arn('backstage/postgres'),
        },
      ],
    });
    expect(resource.DependsOn).toEqual(
      expect.arrayContaining([
        logicalId(stack, db.instance),
        logicalId(stack, db.provisioner.role as never),
        expect.stringMatching(/^VpcprivateSubnet1DefaultRoute/),
      ]),
    );
  });

  test('a third app is one more entry', () => {
    const apps = [
      ...DEV_DATABASE.apps,
      { app: 'grafana', databaseName: 'grafana', roleName: 'grafana', createDb: false },
    ];
    const { template } = build({ apps });

    template.hasResourceProperties('Custom::PlatformDatabases', {
      Apps: Match.arrayWith([Match.objectLike({ App: 'grafana', DatabaseName: 'grafana' })]),
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'goldenpath/dev/grafana/postgres',
    });
  });
});

describe('alarms', () => {
  const GIB = 1024 ** 3;
  test.each([
    ['cpu-warning', 'CPUUtilization', 'GreaterThanThreshold', 70],
    ['cpu-critical', 'CPUUtilization', 'GreaterThanThreshold', 90],
    ['freeable-memory-warning', 'FreeableMemory', 'LessThanThreshold', 512 * 1024 ** 2],
    ['freeable-memory-critical', 'FreeableMemory', 'LessThanThreshold', 256 * 1024 ** 2],
    ['free-storage-warning', 'FreeStorageSpace', 'LessThanThreshold', Math.round(20 * GIB * 0.3)],
    ['free-storage-critical', 'FreeStorageSpace', 'LessThanThreshold', Math.round(20 * GIB * 0.15)],
    ['connections-warning', 'DatabaseConnections', 'GreaterThanThreshold', 78],
    ['read-latency-warning', 'ReadLatency', 'GreaterThanThreshold', 0.05],
    ['write-latency-warning', 'WriteLatency', 'GreaterThanThreshold', 0.05],
  ])('%s: %s %s %d, to the configured topic', (key, metric, comparison, threshold) => {
    const { stack, db, template } = built(true);

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `goldenpath-dev-foundation-rds-${key}`,
      Namespace: 'AWS/RDS',
      MetricName: metric,
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: { Ref: logicalId(stack, db.instance) } }],
      ComparisonOperator: comparison,
      Threshold: threshold,
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      AlarmActions: [TOPIC],
      OKActions: [TOPIC],
    });
  });

  test('exactly these alarms', () => {
    expect(Object.keys(built().db.alarms.alarms)).toEqual([
      'cpu-warning',
      'cpu-critical',
      'freeable-memory-warning',
      'freeable-memory-critical',
      'free-storage-warning',
      'free-storage-critical',
      'connections-warning',
      'read-latency-warning',
      'write-latency-warning',
    ]);
  });

  test('without a topic the alarms have no action', () => {
    const { template } = built();
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: Match.absent(),
      OKActions: Match.absent(),
    });
  });
});

describe('bad input', () => {
  test('hostile app entries fail synth, each named', () => {
    const apps = [
      { app: 'keycloak', databaseName: 'x; drop database', roleName: 'keycloak', createDb: false },
      { app: 'backstage', databaseName: 'backstage', roleName: 'rdsadmin', createDb: true },
    ];

    expect(() => build({ apps })).toThrow(
      [
        'Invalid platform database at Test/Database:',
        '  - database.apps[0] ("keycloak").databaseName: received "x; drop database"; expected a database name matching ^[a-z][a-z0-9_]{2,62}$',
        '  - database.apps[1] ("backstage").roleName: received "rdsadmin"; reserved for PostgreSQL, RDS or the master user: choose another name',
      ].join('\n'),
    );
  });

  test('more apps than fit the provisioner environment fail synth', () => {
    const apps = Array.from({ length: 30 }, (_, i) => ({
      app: `app-number-${i}`,
      databaseName: `app_number_${i}`,
      roleName: `app_number_${i}`,
      createDb: false,
    }));

    expect(() => build({ apps })).toThrow(
      "Invalid platform database at Test/Database: database.apps: received 30 apps; their names take 4546 characters of the provisioner's environment, at most 3500 fit (Lambda's 4 KB limit): use fewer or shorter names",
    );
  });

  test('an instance class whose memory is unknown fails synth', () => {
    expect(() => build({ instanceClass: 'x2g.large' })).toThrow(
      'Invalid platform database at Test/Database: database.instanceClass: received "x2g.large"; expected a class whose memory is known for max_connections: t3/t4g (micro to 2xlarge), m5-m8 or r5-r8 families (large to 24xlarge)',
    );
  });
});
