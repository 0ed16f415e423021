import { RemovalPolicy, Tags, aws_ec2 as ec2, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { SubnetIdsByAz } from '../../lib/model/contract';

/**
 * Subnet sizes (prefix length per AZ). Private subnets are /19 so that builds are bounded by
 * account quotas, not addresses (docs/capacity.md).
 */
export const SUBNET_LAYOUT = { public: 22, private: 19, isolated: 24 } as const;

export interface PlatformNetworkProps {
  /** IPv4 CIDR of the VPC, /16 to /24. */
  readonly cidr: string;
  /** The AZs to spread subnets over; from config so no AZ lookup happens at synth. */
  readonly availabilityZones: readonly string[];
  /** NAT gateways: 1 keeps dev cheap, one per AZ survives an AZ outage. */
  readonly natGateways: number;
  /**
   * How long VPC flow logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * The environment's VPC: public, private-with-egress and isolated subnets in every configured AZ,
 * tagged for the AWS Load Balancer Controller, with flow logs.
 *
 * Private subnets are large (`SUBNET_LAYOUT`) because the VPC CNI gives every pod a VPC address;
 * the database lives in the isolated subnets.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html#_subnet_tagging
 */
export class PlatformNetwork extends Construct {
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: PlatformNetworkProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: SUBNET_LAYOUT.public },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: SUBNET_LAYOUT.private },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: SUBNET_LAYOUT.isolated },
      ],
    });

    for (const subnet of this.vpc.publicSubnets) Tags.of(subnet).add('kubernetes.io/role/elb', '1');
    for (const subnet of this.vpc.privateSubnets) Tags.of(subnet).add('kubernetes.io/role/internal-elb', '1');

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
  }

  /** Subnet ids of one subnet group keyed by AZ, in the configured AZ order. */
  public subnetIdsByAz(type: ec2.SubnetType): SubnetIdsByAz {
    const subnets = this.vpc.selectSubnets({ subnetType: type }).subnets;
    return Object.fromEntries(subnets.map((s) => [s.availabilityZone, s.subnetId]));
  }
}
