import { Match } from 'aws-cdk-lib/assertions';
import { DOMAIN_CONFIG, logicalId, synthStack } from './synth-stack';

const { template } = synthStack(DOMAIN_CONFIG);
const buckets = template.findResources('AWS::S3::Bucket');

describe('Kinesis streams', () => {
  it('are encrypted, on-demand and keep records 7 days', () => {
    template.resourceCountIs('AWS::Kinesis::Stream', 2);
    template.allResourcesProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      RetentionPeriodHours: 168,
    });
  });

  it('provisioned mode uses the configured shard counts; KMS mode a rotated customer key', () => {
    const { template: t } = synthStack({
      ...DOMAIN_CONFIG,
      streams: { mode: 'PROVISIONED', rawShardCount: 4, badShardCount: 1, retentionHours: 48, encryption: 'KMS' },
      enricher: { maxRecordAgeSecs: 3600 },
    });
    const keyId = logicalId(t, 'AWS::KMS::Key', 'StreamsKey');
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    t.hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 4,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      RetentionPeriodHours: 48,
      StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
    t.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 1 });
  });
});

describe('S3 buckets', () => {
  it('there are four: lake, failures, Athena results, access logs', () => {
    expect(Object.keys(buckets).map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'BucketsAccessLogs',
      'BucketsAthenaResults',
      'BucketsFailures',
      'BucketsLake',
    ]);
  });

  it('every bucket is encrypted, blocks all public access, is owner-enforced and retained on stack deletion', () => {
    for (const [id, bucket] of Object.entries(buckets)) {
      expect([id, bucket.DeletionPolicy, bucket.UpdateReplacePolicy]).toEqual([id, 'Retain', 'Retain']);
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
    }
  });

  it('every bucket denies requests without TLS (or below TLS 1.2)', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(4);
    for (const bucketId of Object.keys(buckets)) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
          ]),
        },
      });
    }
  });

  it('versions the lake and the failures bucket (replays overwrite keys; mistakes can be undone), not query results', () => {
    const versioned = (fragment: string): unknown => buckets[logicalId(template, 'AWS::S3::Bucket', fragment)]?.Properties.VersioningConfiguration;
    expect(versioned('BucketsLake')).toEqual({ Status: 'Enabled' });
    expect(versioned('BucketsFailures')).toEqual({ Status: 'Enabled' });
    expect(versioned('BucketsAthenaResults')).toBeUndefined();
  });

  it('applies the lifecycle parameters per prefix', () => {
    const rules = buckets[logicalId(template, 'AWS::S3::Bucket', 'BucketsLake')]?.Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Id: 'housekeeping', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
        expect.objectContaining({ Id: 'expire-bad', Prefix: 'enriched/bad/', ExpirationInDays: 90 }),
        expect.objectContaining({
          Id: 'raw-archive',
          Prefix: 'raw/',
          ExpirationInDays: 365,
          Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }],
        }),
      ]),
    );
    // Good events are kept forever by default.
    expect(rules.some((r: { Id: string }) => r.Id === 'expire-good')).toBe(false);
  });

  it('sends server access logs of the data buckets to the log bucket', () => {
    const logs = logicalId(template, 'AWS::S3::Bucket', 'BucketsAccessLogs');
    for (const fragment of ['BucketsLake', 'BucketsFailures', 'BucketsAthenaResults']) {
      expect(buckets[logicalId(template, 'AWS::S3::Bucket', fragment)]?.Properties.LoggingConfiguration).toMatchObject({
        DestinationBucketName: { Ref: logs },
      });
    }
  });

  it('KMS lake encryption: customer key with rotation and S3 Bucket Keys on the data buckets', () => {
    const { template: t } = synthStack({ ...DOMAIN_CONFIG, lake: { encryption: 'KMS', goodExpirationDays: 730 } });
    const keyId = logicalId(t, 'AWS::KMS::Key', 'BucketsKey');
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
          },
        ],
      },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'expire-good', Prefix: 'enriched/good/', ExpirationInDays: 730 })]) },
    });
  });
});
