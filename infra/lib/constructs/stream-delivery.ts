import { Duration, Size } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LINE_FRAMING_CODE } from './line-framing-code';

export interface StreamDeliveryProps {
  readonly stream: kinesis.IStream;
  readonly bucket: s3.IBucket;
  /** Key prefix with trailing slash; objects go to `<prefix>dt=YYYY-MM-DD/hr=HH/` (arrival time, UTC). */
  readonly prefix: string;
  /** Prefix for records Firehose could not process or deliver (with trailing slash). */
  readonly errorPrefix: string;
  /** `base64`: one base64 line per record (binary payloads); `text`: the record plus `\n` (JSON lines). */
  readonly lineFormat: 'base64' | 'text';
  readonly bufferingIntervalSecs: number;
  readonly bufferingSizeMiB: number;
}

/**
 * A Kinesis stream delivered to S3 by Firehose: one line per record, GZIP, hourly Hive-style partitions by arrival
 * time, error records kept under their own prefix, delivery errors logged to CloudWatch Logs. Used for the raw
 * archive (replay after the stream's retention) and for the collector's bad rows.
 */
export class StreamDelivery extends Construct {
  readonly deliveryStream: firehose.DeliveryStream;
  readonly framing: lambda.Function;

  constructor(scope: Construct, id: string, props: StreamDeliveryProps) {
    super(scope, id);
    this.framing = new lambda.Function(this, 'Framing', {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(LINE_FRAMING_CODE),
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: { LINE_FORMAT: props.lineFormat },
      logGroup: new logs.LogGroup(this, 'FramingLogs', { retention: logs.RetentionDays.ONE_MONTH }),
      description: `Sleet: one ${props.lineFormat} line per Kinesis record for Firehose`,
    });
    this.deliveryStream = new firehose.DeliveryStream(this, 'Delivery', {
      source: new firehose.KinesisStreamSource(props.stream),
      destination: new firehose.S3Bucket(props.bucket, {
        dataOutputPrefix: `${props.prefix}dt=!{timestamp:yyyy-MM-dd}/hr=!{timestamp:HH}/`,
        errorOutputPrefix: `${props.errorPrefix}!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/hr=!{timestamp:HH}/`,
        bufferingInterval: Duration.seconds(props.bufferingIntervalSecs),
        bufferingSize: Size.mebibytes(props.bufferingSizeMiB),
        compression: firehose.Compression.GZIP,
        processors: [
          new firehose.LambdaFunctionProcessor(this.framing, {
            // Base64 output is 4/3 of the input and the response is base64 again: 1 MiB in stays far below 6 MB out.
            bufferSize: Size.mebibytes(1),
            bufferInterval: Duration.seconds(60),
            retries: 3,
          }),
        ],
        loggingConfig: new firehose.EnableLogging(),
      }),
    });
  }
}
