import { Match } from 'aws-cdk-lib/assertions';
import { DOMAIN_CONFIG, logicalId, synthStack } from './synth-stack';

const { template } = synthStack(DOMAIN_CONFIG);

describe('raw archive (Firehose raw stream → S3)', () => {
  it('delivers the raw stream to raw/dt=…/hr=…/ as GZIP with 900 s / 128 MiB buffering and a line-framing processor', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: {
        KinesisStreamARN: { 'Fn::GetAtt': [logicalId(template, 'AWS::Kinesis::Stream', 'StreamsRaw'), 'Arn'] },
        RoleARN: Match.anyValue(),
      },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: { 'Fn::GetAtt': [logicalId(template, 'AWS::S3::Bucket', 'BucketsLake'), 'Arn'] },
        Prefix: 'raw/dt=!{timestamp:yyyy-MM-dd}/hr=!{timestamp:HH}/',
        ErrorOutputPrefix: 'firehose-errors/raw/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/hr=!{timestamp:HH}/',
        CompressionFormat: 'GZIP',
        BufferingHints: { IntervalInSeconds: 900, SizeInMBs: 128 },
        ProcessingConfiguration: { Enabled: true, Processors: [Match.objectLike({ Type: 'Lambda' })] },
        CloudWatchLoggingOptions: Match.objectLike({ Enabled: true }),
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Environment: { Variables: { LINE_FORMAT: 'base64' } },
    });
  });

  it('can be turned off (with a warning); the collector bad-row delivery stays', () => {
    const { template: t } = synthStack({ ...DOMAIN_CONFIG, rawArchive: { enabled: false } });
    t.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      KinesisStreamSourceConfiguration: Match.objectLike({
        KinesisStreamARN: { 'Fn::GetAtt': [logicalId(t, 'AWS::Kinesis::Stream', 'StreamsBad'), 'Arn'] },
      }),
    });
  });
});

describe('collector bad rows (Firehose bad stream → S3)', () => {
  it('lands the collector bad rows as JSON lines under the same bad/ partitions the Glue table reads', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      KinesisStreamSourceConfiguration: Match.objectLike({
        KinesisStreamARN: { 'Fn::GetAtt': [logicalId(template, 'AWS::Kinesis::Stream', 'StreamsBad'), 'Arn'] },
      }),
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'enriched/bad/dt=!{timestamp:yyyy-MM-dd}/hr=!{timestamp:HH}/',
        CompressionFormat: 'GZIP',
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { LINE_FORMAT: 'text' } } });
  });
});
