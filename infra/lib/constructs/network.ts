import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { NetworkConfig } from '../config/sleet-config';

/**
 * The collector's VPC: public subnets for the load balancer (and, without NAT, for the tasks), private subnets
 * with NAT egress when `natGateways ≥ 1`. Availability zones come from `Fn::GetAZs`, so synth needs no lookup.
 * An S3 gateway endpoint keeps image-layer pulls from ECR off the NAT (free).
 */
export class SleetNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  /** Where collector tasks run, and whether they need a public IP for egress to Kinesis/ECR/Logs. */
  readonly taskSubnets: ec2.SubnetSelection;
  readonly assignPublicIp: boolean;

  constructor(scope: Construct, id: string, config: NetworkConfig) {
    super(scope, id);
    const withNat = config.natGateways > 0;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: config.maxAzs,
      natGateways: config.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        ...(withNat ? [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 }] : []),
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    this.taskSubnets = { subnetType: withNat ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC };
    this.assignPublicIp = !withNat;
  }
}
