import { join } from 'node:path';
import {
  CustomResource,
  Duration,
  RemovalPolicy,
  Stack,
  aws_ec2 as ec2,
  aws_lambda as lambda,
  aws_lambda_nodejs as lambdaNode,
  aws_logs as logs,
  aws_rds as rds,
  aws_secretsmanager as sm,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { DatabaseConfig, EnvironmentName } from '../../lib/model/config';
import { UserInputError } from '../../lib/model/errors';
import { acknowledgeNag } from '../../lib/stacks/nag';
import {
  databaseAlarmPrefix,
  databaseInstanceIdentifier,
  databaseProvisionerFunctionName,
  masterSecretName,
  rdsLogGroupName,
  secretName,
} from '../../lib/model/naming';
import { VERSIONS } from '../../lib/model/versions';
import { DatabaseAlarms } from './database-alarms';
import { PROVISIONER_BUNDLING } from './provisioner-bundling';
import { bundledHandler } from './lambda-bundle';
import {
  MASTER_USERNAME,
  SYNC_PROPERTIES_ENV,
  appDatabaseProblems,
  provisionerProperties,
} from '../../lib/model/database-names';
import { instanceClassProblems, maxConnectionsFor } from '../../lib/model/max-connections';

export interface PlatformDatabaseProps {
  readonly env: EnvironmentName;
  readonly vpc: ec2.IVpc;
  /** Instance size, storage, backups, Multi-AZ, alarm topic and the per-app databases. */
  readonly database: DatabaseConfig;
}

const POSTGRES_PORT = 5432;
/** Room left for the sync properties in Lambda's 4 KB of environment variables. */
const MAX_SYNC_PROPERTIES = 3500;

/** Characters kept out of generated passwords: they break connection URLs and shell quoting. */
const PASSWORD_EXCLUDE = ` %+~\`#$&*()|[]{}:;<>?!'/@"\\`;

/**
 * The platform's RDS PostgreSQL instance (DESIGN §7) with one database, login role and secret per
 * platform app, created idempotently by a provisioner Lambda inside the VPC.
 *
 * - Instance: pinned engine version, isolated subnets, not public, encrypted, `rds.force_ssl=1`,
 *   DDL and slow-query logging, backups, Performance Insights, deletion protection, a snapshot
 *   on removal; subnet and parameter groups are retained.
 * - Network: the database admits 5432 only from `clientSecurityGroup`, which cluster nodes attach.
 * - Secrets: the master secret `goldenpath/<env>/rds/master` is readable by the provisioner only;
 *   each app gets `goldenpath/<env>/<app>/postgres` (`username, password, host, port, dbname, engine`).
 */
export class PlatformDatabase extends Construct {
  public readonly instance: rds.DatabaseInstance;
  /** Attach this to reach the database on 5432 (published in the contract). */
  public readonly clientSecurityGroup: ec2.SecurityGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly masterSecret: sm.ISecret;
  /** Per-app secrets keyed by secret id (`keycloak/postgres`), as in `platformSecrets`. */
  public readonly appSecrets: { readonly [secretId: string]: sm.Secret };
  public readonly provisioner: lambdaNode.NodejsFunction;
  public readonly alarms: DatabaseAlarms;
  public readonly maxConnections: number;

  constructor(scope: Construct, id: string, props: PlatformDatabaseProps) {
    super(scope, id);
    const { env, vpc, database } = props;
    const maxConnections = maxConnectionsFor(database.instanceClass);
    const problems = [
      ...appDatabaseProblems(database.apps, MASTER_USERNAME).map((p) => `database.${p}`),
      ...instanceClassProblems(database.instanceClass),
    ];
    if (problems.length > 0)
      throw new UserInputError(`Invalid platform database at ${this.node.path}`, problems);
    this.maxConnections = maxConnections!;
    const identifier = databaseInstanceIdentifier(env);
    const engine = rds.DatabaseInstanceEngine.postgres({
      version: rds.PostgresEngineVersion.of(VERSIONS.postgres, VERSIONS.postgres.split('.')[0]),
    });

    this.clientSecurityGroup = new ec2.SecurityGroup(this, 'ClientSecurityGroup', {
      vpc,
      description: `goldenpath ${env} database clients: attach to reach the platform database on 5432`,
      allowAllOutbound: false,
    });
    // The provisioner uses this group alone: it reads Secrets Manager over HTTPS (through NAT).
    this.clientSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to AWS APIs (Secrets Manager)',
    );
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `goldenpath ${env} platform database: 5432 from database clients only`,
      allowAllOutbound: false,
    });

    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: `goldenpath ${env} platform PostgreSQL`,
      parameters: {
        'rds.force_ssl': '1',
        log_statement: 'ddl',
        log_min_duration_statement: '1000',
        max_connections: String(this.maxConnections),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const subnetGroup = new rds.SubnetGroup(this, 'Subnets', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      description: `goldenpath ${env} platform database: isolated subnets`,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const masterSecret = new rds.DatabaseSecret(this, 'MasterSecret', {
      username: MASTER_USERNAME,
      dbname: 'postgres',
      secretName: masterSecretName(env),
      excludeCharacters: PASSWORD_EXCLUDE,
    });
    masterSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    acknowledgeNag(
      masterSecret,
      'AwsSolutions-SMG4',
      'Read only by the provisioner at deploy time. Rotating it is an operator act (the RDS single-user rotation function is not deployed); no app holds it.',
    );

    // Log groups made here, not by RDS, so they have a retention; created before the instance.
    const logGroups = ['postgresql', 'upgrade'].map(
      (log) =>
        new logs.LogGroup(this, `Log-${log}`, {
          logGroupName: rdsLogGroupName(identifier, log),
          retention: logs.RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
    );

    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      instanceIdentifier: identifier,
      engine,
      instanceType: new ec2.InstanceType(database.instanceClass),
      vpc,
      subnetGroup,
      securityGroups: [this.securityGroup],
      port: POSTGRES_PORT,
      publiclyAccessible: false,
      multiAz: database.multiAz,
      credentials: rds.Credentials.fromSecret(masterSecret),
      parameterGroup,
      storageType: rds.StorageType.GP3,
      allocatedStorage: database.allocatedStorageGiB,
      maxAllocatedStorage: database.maxAllocatedStorageGiB,
      storageEncrypted: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      backupRetention: Duration.days(database.backupRetentionDays),
      deleteAutomatedBackups: false,
      copyTagsToSnapshot: true,
      enablePerformanceInsights: true,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      // The engine version is pinned in lib/model/versions.ts; moving it is a reviewed change.
      autoMinorVersionUpgrade: false,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    for (const g of logGroups) this.instance.node.addDependency(g);
    if (!database.multiAz) {
      acknowledgeNag(
        this.instance,
        'AwsSolutions-RDS3',
        'Single-AZ where config says `multiAz: false` (dev and test by default; a warning in prod); point-in-time backups and the snapshot on removal are the recovery path.',
      );
    }
    acknowledgeNag(
      this.instance,
      'AwsSolutions-RDS11',
      'The platform charts expect 5432; a non-default port adds nothing here: the instance is in isolated subnets and admits only the database-clients security group.',
    );
    this.securityGroup.addIngressRule(
      this.clientSecurityGroup,
      ec2.Port.tcp(POSTGRES_PORT),
      'PostgreSQL from database clients',
    );
    this.clientSecurityGroup.addEgressRule(
      this.securityGroup,
      ec2.Port.tcp(POSTGRES_PORT),
      'PostgreSQL to the platform database',
    );
    // The attached secret (host, port, engine, dbInstanceIdentifier filled in by RDS).
    this.masterSecret = this.instance.secret!;

    const stack = Stack.of(this);
    const appSecrets: Record<string, sm.Secret> = {};
    for (const a of database.apps) {
      const id = `${a.app}/postgres`;
      appSecrets[id] = new sm.Secret(this, `${a.app}-postgres`, {
        secretName: secretName(env, id),
        description: `goldenpath ${env}: ${a.app} PostgreSQL login (role ${a.roleName}, database ${a.databaseName}), read by External Secrets`,
        generateSecretString: {
          secretStringTemplate: stack.toJsonString({
            username: a.roleName,
            host: this.instance.dbInstanceEndpointAddress,
            port: this.instance.dbInstanceEndpointPort,
            dbname: a.databaseName,
            engine: 'postgres',
          }),
          generateStringKey: 'password',
          passwordLength: 40,
          excludeCharacters: PASSWORD_EXCLUDE,
        },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledgeNag(
        appSecrets[id],
        'AwsSolutions-SMG4',
        `Rotation is deliberate: put a new password in the secret and re-run the provisioner, which applies it to role ${a.roleName} (tested). Automatic rotation would change it under a running ${a.app}.`,
      );
    }
    this.appSecrets = appSecrets;

    // For `aws lambda invoke --payload '{"action":"sync"}'`: the same properties, secrets by name.
    const syncProperties = JSON.stringify(
      provisionerProperties(masterSecretName(env), database.apps, (a) =>
        secretName(env, `${a.app}/postgres`),
      ),
    );
    if (syncProperties.length > MAX_SYNC_PROPERTIES) {
      throw new UserInputError(`Invalid platform database at ${this.node.path}`, [
        `database.apps: received ${database.apps.length} apps; their names take ${syncProperties.length} characters of the provisioner's environment, at most ${MAX_SYNC_PROPERTIES} fit (Lambda's 4 KB limit): use fewer or shorter names`,
      ]);
    }
    this.provisioner = new lambdaNode.NodejsFunction(this, 'Provisioner', {
      functionName: databaseProvisionerFunctionName(env),
      ...bundledHandler(
        join(__dirname, '..', 'runtime', 'database-provisioner', 'handler.ts'),
        PROVISIONER_BUNDLING,
      ),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      description: `goldenpath ${env}: creates the platform apps' PostgreSQL roles and databases (idempotent, never drops)`,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.clientSecurityGroup],
      timeout: Duration.minutes(5),
      memorySize: 256,
      // Node 20+ Lambda runtimes do not trust the RDS CA by default; this bundle has it.
      environment: { NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem', [SYNC_PROPERTIES_ENV]: syncProperties },
      logGroup: new logs.LogGroup(this, 'ProvisionerLogs', {
        retention: logs.RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    for (const policy of ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole']) {
      acknowledgeNag(
        this.provisioner.role!,
        `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
        "AWS's minimal policies for a function in a VPC: its own logs, and the network-interface actions Lambda needs, which take no resource ARN.",
      );
    }
    this.masterSecret.grantRead(this.provisioner);
    for (const s of Object.values(appSecrets)) s.grantRead(this.provisioner);

    const databases = new CustomResource(this, 'Databases', {
      serviceToken: this.provisioner.functionArn,
      resourceType: 'Custom::PlatformDatabases',
      properties: provisionerProperties(
        this.masterSecret.secretArn,
        database.apps,
        (a) => appSecrets[`${a.app}/postgres`].secretArn,
      ),
    });
    // Permissions and the route out (NAT) must exist before the provisioner runs.
    databases.node.addDependency(this.instance, this.provisioner.role!);
    for (const subnet of vpc.privateSubnets)
      databases.node.addDependency(subnet.internetConnectivityEstablished);

    this.alarms = new DatabaseAlarms(this, 'Alarms', {
      instance: this.instance,
      alarmNamePrefix: databaseAlarmPrefix(env),
      allocatedStorageGiB: database.allocatedStorageGiB,
      maxConnections: this.maxConnections,
      topic: database.alarmTopicArn
        ? sns.Topic.fromTopicArn(this, 'AlarmTopic', database.alarmTopicArn)
        : undefined,
    });
  }
}
