import { Aws, Duration, Size } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CollectorConfig } from '../config/sleet-config';
import { REPO_ROOT } from '../paths';
import { resolveCollectorDomain } from './collector-domain';
import { collectorSettings, collectorStopTimeoutSecs } from './collector-settings';
import type { SleetNetwork } from './network';

export interface CollectorServiceProps {
  readonly config: CollectorConfig;
  readonly network: SleetNetwork;
  readonly rawStream: kinesis.IStream;
  readonly badStream: kinesis.IStream;
  /** The streams' customer-managed key, when there is one (producers need kms:GenerateDataKey). */
  readonly streamKey?: kms.IKey;
}

/** Writes the generated config to a file (the root filesystem is read-only; /tmp is a task volume) and starts. */
const START_COMMAND =
  'printf "%s" "$SLEET_COLLECTOR_CONFIG_JSON" > /tmp/collector.json && exec node bin/sleet.js collector --config /tmp/collector.json';

/**
 * The collector: ECS Fargate tasks behind an internet-facing Application Load Balancer.
 * HTTPS on the campaign's own collector domain (HTTP redirected), TLS 1.2+ policy, health check on `/health`,
 * idle timeout below the collector's keep-alive, deployment circuit breaker with rollback, autoscaling on CPU and
 * on requests per task, and a task role that may only put records on its two streams.
 */
export class CollectorService extends Construct {
  readonly service: ecsPatterns.ApplicationLoadBalancedFargateService;
  readonly taskRole: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The collector's public URL: what trackers are pointed at. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: CollectorServiceProps) {
    super(scope, id);
    const { config } = props;

    this.taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Sleet collector tasks: put records on the raw and bad streams, nothing else',
    });
    this.taskRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PutCollectorRecords',
        // PutRecord(s) to write; DescribeStreamSummary for the collector's /sink-health checks.
        actions: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:DescribeStreamSummary'],
        resources: [props.rawStream.streamArn, props.badStream.streamArn],
      }),
    );
    props.streamKey?.grant(this.taskRole, 'kms:GenerateDataKey');

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: config.logRetentionDays as logs.RetentionDays });
    const taskDefinition = this.buildTaskDefinition(props);

    const domain = config.domain === null ? undefined : resolveCollectorDomain(this, config.domain);
    this.service = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Service', {
      vpc: props.network.vpc,
      taskDefinition,
      taskSubnets: props.network.taskSubnets,
      assignPublicIp: props.network.assignPublicIp,
      publicLoadBalancer: true,
      desiredCount: config.minTasks,
      ...(domain
        ? {
            protocol: elbv2.ApplicationProtocol.HTTPS,
            certificate: domain.certificate,
            sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
            redirectHTTP: true,
            ...(domain.zone ? { domainName: config.domain?.name, domainZone: domain.zone } : {}),
          }
        : { protocol: elbv2.ApplicationProtocol.HTTP }),
      idleTimeout: Duration.seconds(config.idleTimeoutSecs),
      healthCheckGracePeriod: Duration.seconds(60),
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });

    const { targetGroup, loadBalancer } = this.service;
    this.url = config.domain === null ? `http://${loadBalancer.loadBalancerDnsName}` : `https://${config.domain.name}`;
    targetGroup.configureHealthCheck({
      path: config.healthCheckPath,
      healthyHttpCodes: '200',
      interval: Duration.seconds(15),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    });
    targetGroup.setAttribute('deregistration_delay.timeout_seconds', String(config.deregistrationDelaySecs));
    // Requests with header names ALB considers invalid lose those headers instead of reaching the collector raw.
    loadBalancer.setAttribute('routing.http.drop_invalid_header_fields.enabled', 'true');

    const scaling = this.service.service.autoScaleTaskCount({ minCapacity: config.minTasks, maxCapacity: config.maxTasks });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: config.targetCpuPercent,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
    scaling.scaleOnRequestCount('Requests', {
      targetGroup,
      requestsPerTarget: config.targetRequestsPerTaskPerMinute,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
  }

  private buildTaskDefinition(props: CollectorServiceProps): ecs.FargateTaskDefinition {
    const { config } = props;
    const arm = config.architecture === 'ARM64';
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: config.cpu,
      memoryLimitMiB: config.memoryMiB,
      taskRole: this.taskRole,
      runtimePlatform: {
        cpuArchitecture: arm ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      volumes: [{ name: 'tmp' }],
    });
    const container = taskDefinition.addContainer('collector', {
      image: this.containerImage(config, arm),
      entryPoint: ['sh', '-c'],
      command: [START_COMMAND],
      environment: {
        SLEET_COLLECTOR_CONFIG_JSON: JSON.stringify(collectorSettings(config)),
        SLEET_COLLECTOR_GOOD_STREAM: props.rawStream.streamName,
        SLEET_COLLECTOR_BAD_STREAM: props.badStream.streamName,
        SLEET_COLLECTOR_REGION: Aws.REGION,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      portMappings: [{ containerPort: config.containerPort, protocol: ecs.Protocol.TCP }],
      readonlyRootFilesystem: true,
      stopTimeout: Duration.seconds(collectorStopTimeoutSecs(config)),
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: 'collector',
        // A slow CloudWatch Logs must never block request handling.
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
    });
    container.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });
    return taskDefinition;
  }

  private containerImage(config: CollectorConfig, arm: boolean): ecs.ContainerImage {
    const image = config.image;
    switch (image.source) {
      case 'build':
        // Synth only stages the build context (the repository, filtered by .dockerignore); cdk deploy builds it.
        return ecs.ContainerImage.fromAsset(REPO_ROOT, {
          file: 'Dockerfile',
          platform: arm ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
        });
      case 'ecr':
        return ecs.ContainerImage.fromEcrRepository(
          ecr.Repository.fromRepositoryName(this, 'Repository', image.repositoryName),
          image.tag,
        );
      case 'registry':
        return ecs.ContainerImage.fromRegistry(image.imageUri);
    }
  }
}
