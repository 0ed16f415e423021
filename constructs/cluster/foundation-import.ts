import { Annotations, aws_ec2 as ec2, aws_iam as iam, aws_route53 as route53 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FoundationContract } from '../../lib/model/contract';

export interface FoundationImportProps {
  /** The Foundation contract as the cluster stack reads it (`readFoundationContract`). */
  readonly contract: FoundationContract;
  /**
   * The Foundation zone's name, `<env>.<baseDomain>`, from config: a plain string, so names under
   * it are known at synth.
   */
  readonly zoneName: string;
}

/**
 * The Foundation's resources as typed handles for the cluster constructs (`IVpc`, `IHostedZone`,
 * `IManagedPolicy`, `ISecurityGroup`) instead of ids and ARNs. Nothing is created: every handle
 * is an import whose ids are the contract's deploy-time SSM values, and none may be changed from
 * here (the cluster never modifies the Foundation, DESIGN §2).
 *
 * Each contract value read becomes a template parameter when it is first read; the handles are
 * made in a fixed order, so the parameters are too.
 */
export class FoundationImport extends Construct {
  /** The Foundation's VPC, with its private subnets (where clusters run) per configured AZ. */
  public readonly vpc: ec2.IVpc;
  /**
   * The group the platform database admits on 5432; cluster nodes attach it.
   * @default - none: the environment has no platform database
   */
  public readonly databaseClients?: ec2.ISecurityGroup;
  /** The environment zone `<env>.<baseDomain>`. */
  public readonly hostedZone: route53.IHostedZone;
  /** The managed policy that lets External Secrets read `goldenpath/<env>/*`. */
  public readonly externalSecretsPolicy: iam.IManagedPolicy;

  constructor(scope: Construct, id: string, props: FoundationImportProps) {
    super(scope, id);
    const c = props.contract;
    this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: c.vpcId,
      availabilityZones: [...c.availabilityZones],
      privateSubnetIds: c.availabilityZones.map((az) => c.privateSubnetIds[az]),
    });
    // The contract carries subnet ids, not route tables; nothing here reads a route table.
    Annotations.of(this.vpc).acknowledgeWarning(
      '@aws-cdk/aws-ec2:noSubnetRouteTableId',
      'Imported Foundation subnets; the cluster never reads their route tables.',
    );

    this.databaseClients =
      c.capabilities.database && c.database !== undefined
        ? ec2.SecurityGroup.fromSecurityGroupId(this, 'DatabaseClients', c.database.clientSecurityGroupId, {
            mutable: false,
          })
        : undefined;
    this.hostedZone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: c.hostedZoneId,
      zoneName: props.zoneName,
    });
    this.externalSecretsPolicy = iam.ManagedPolicy.fromManagedPolicyArn(
      this,
      'ExternalSecretsRead',
      c.externalSecretsPolicyArn,
    );
  }
}
