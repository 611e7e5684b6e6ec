import { Annotations, CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { resolveConfig } from './config/resolve-config';
import type { SleetConfig, SleetConfigInput } from './config/sleet-config';
import { Analytics } from './constructs/analytics';
import { CollectorService } from './constructs/collector-service';
import { EnricherFunction } from './constructs/enricher-function';
import { EnricherOutcomeMetrics } from './constructs/enricher-outcome-metrics';
import { LakeBuckets } from './constructs/lake-buckets';
import { lakeLayout } from './constructs/lake-layout';
import { SleetNetwork } from './constructs/network';
import { Operations } from './constructs/operations';
import { StreamDelivery } from './constructs/stream-delivery';
import { SleetStreams } from './constructs/streams';

export interface SleetStackProps extends StackProps {
  /** Any subset of the deployment config; the rest comes from DEFAULT_CONFIG. Checked before anything is built. */
  readonly config: SleetConfigInput;
  /** Where the config came from, for error messages (a file name, "context"). */
  readonly configSource?: string;
}

/**
 * The whole pipeline in one environment-agnostic stack (synth needs no AWS account):
 * collector (ALB + Fargate) → Kinesis raw/bad → enricher (Lambda) → S3 lake → Glue/Athena, with the raw archive,
 * the collector's bad rows delivered to the lake, alarms and a dashboard.
 */
export class SleetStack extends Stack {
  readonly config: SleetConfig;
  readonly streams: SleetStreams;
  readonly buckets: LakeBuckets;
  readonly collector: CollectorService;
  readonly enricher: EnricherFunction;
  readonly badRowDelivery: StreamDelivery;
  readonly rawArchive?: StreamDelivery;
  readonly analytics?: Analytics;
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props: SleetStackProps) {
    super(scope, id, props);
    const { config, warnings } = resolveConfig(props.config, props.configSource);
    this.config = config;
    for (const w of warnings) Annotations.of(this).addWarningV2('sleet:config', w);
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W7001',
      reason: 'the Firehose L2 always adds its CIDR-block mapping, used only by Redshift/Splunk destinations',
    });
    this.templateOptions.description = 'Sleet: Snowplow-compatible event pipeline (collector, enricher, lake, Athena)';
    const layout = lakeLayout(config);

    this.streams = new SleetStreams(this, 'Streams', config.streams);
    this.buckets = new LakeBuckets(this, 'Buckets', config.lake, layout);
    const network = new SleetNetwork(this, 'Network', config.network);
    this.collector = new CollectorService(this, 'Collector', {
      config: config.collector,
      network,
      rawStream: this.streams.raw,
      badStream: this.streams.bad,
      streamKey: this.streams.key,
    });
    this.enricher = new EnricherFunction(this, 'Enricher', {
      config: config.enricher,
      rawStream: this.streams.raw,
      lake: this.buckets.lake,
      layout,
      failures: this.buckets.failures,
    });
    // The collector's own bad rows (size violations) join the enricher's under the bad prefix.
    const badRowBufferingSecs = 300;
    this.badRowDelivery = new StreamDelivery(this, 'CollectorBadRows', {
      stream: this.streams.bad,
      bucket: this.buckets.lake,
      prefix: layout.badPrefix,
      errorPrefix: `${layout.firehoseErrorsPrefix}collector-bad/`,
      lineFormat: 'text',
      bufferingIntervalSecs: badRowBufferingSecs,
      bufferingSizeMiB: 64,
    });
    if (config.rawArchive.enabled) {
      this.rawArchive = new StreamDelivery(this, 'RawArchive', {
        stream: this.streams.raw,
        bucket: this.buckets.lake,
        prefix: layout.rawPrefix,
        errorPrefix: `${layout.firehoseErrorsPrefix}raw/`,
        lineFormat: 'base64',
        bufferingIntervalSecs: config.rawArchive.bufferingIntervalSecs,
        bufferingSizeMiB: config.rawArchive.bufferingSizeMiB,
      });
    }
    if (config.analytics.enabled) {
      this.analytics = new Analytics(this, 'Analytics', {
        config: config.analytics,
        lake: this.buckets.lake,
        layout,
        results: this.buckets.athenaResults,
      });
    }
    const outcomes = new EnricherOutcomeMetrics(this, 'EnricherOutcomes', {
      logGroup: this.enricher.logGroup,
      namespace: `Sleet/${config.stackName}`,
    });
    this.operations = new Operations(this, 'Operations', {
      config,
      rawStream: this.streams.raw,
      collector: this.collector,
      enricher: this.enricher,
      outcomes,
      deliveries: [
        { name: 'CollectorBadRows', stream: this.badRowDelivery.deliveryStream, bufferingIntervalSecs: badRowBufferingSecs },
        ...(this.rawArchive
          ? [{ name: 'RawArchive', stream: this.rawArchive.deliveryStream, bufferingIntervalSecs: config.rawArchive.bufferingIntervalSecs }]
          : []),
      ],
    });
    this.outputs(layout);
  }

  private outputs(layout: ReturnType<typeof lakeLayout>): void {
    const lake = this.buckets.lake.bucketName;
    new CfnOutput(this, 'CollectorUrl', { value: this.collector.url, description: 'Point trackers here' });
    new CfnOutput(this, 'LoadBalancerDns', {
      value: this.collector.service.loadBalancer.loadBalancerDnsName,
      description: 'For a DNS record when the stack does not manage the zone',
    });
    new CfnOutput(this, 'RawStreamName', { value: this.streams.raw.streamName });
    new CfnOutput(this, 'BadStreamName', { value: this.streams.bad.streamName });
    new CfnOutput(this, 'LakeBucket', { value: lake });
    new CfnOutput(this, 'GoodEventsLocation', { value: `s3://${lake}/${layout.goodPrefix}` });
    new CfnOutput(this, 'BadRowsLocation', { value: `s3://${lake}/${layout.badPrefix}` });
    new CfnOutput(this, 'FailuresBucket', { value: this.buckets.failures.bucketName });
    if (this.analytics) {
      new CfnOutput(this, 'AthenaWorkgroup', { value: this.analytics.workgroup.ref });
      new CfnOutput(this, 'AnalystPolicyArn', { value: this.analytics.analystPolicy.managedPolicyArn });
    }
    if (this.operations.topic) new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn });
  }
}
