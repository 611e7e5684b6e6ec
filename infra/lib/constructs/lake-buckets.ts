import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { LakeConfig } from '../config/sleet-config';
import type { LakeLayout } from './lake-layout';
import { buildSecureBucket, expireUnder } from './secure-bucket';

/**
 * The deployment's buckets:
 * - `lake`: enriched good/bad, raw archive, Firehose errors (versioned: a replay or a mistake can be undone);
 * - `failures`: the enricher's event-source-mapping on-failure records, full payloads (versioned);
 * - `athenaResults`: query results (reproducible, so unversioned and short-lived);
 * - `accessLogs`: S3 server access logs of the others (optional).
 */
export class LakeBuckets extends Construct {
  readonly lake: s3.Bucket;
  readonly failures: s3.Bucket;
  readonly athenaResults: s3.Bucket;
  readonly accessLogs?: s3.Bucket;
  readonly key?: kms.Key;

  constructor(scope: Construct, id: string, config: LakeConfig, layout: LakeLayout) {
    super(scope, id);
    if (config.encryption === 'KMS') {
      this.key = new kms.Key(this, 'Key', { description: 'Sleet data lake buckets', enableKeyRotation: true });
    }
    const abortIncompleteMultipartUploadDays = config.abortIncompleteMultipartUploadDays;
    if (config.accessLogs) {
      // Server access logs can only be delivered to SSE-S3 buckets, hence no key here.
      this.accessLogs = buildSecureBucket(this, 'AccessLogs', {
        abortIncompleteMultipartUploadDays,
        lifecycleRules: expireUnder('expire-logs', '', config.accessLogsExpirationDays),
      });
    }
    const logsTo = (prefix: string): { serverAccessLogsBucket?: s3.IBucket; serverAccessLogsPrefix?: string } =>
      this.accessLogs ? { serverAccessLogsBucket: this.accessLogs, serverAccessLogsPrefix: prefix } : {};

    this.lake = buildSecureBucket(this, 'Lake', {
      encryptionKey: this.key,
      noncurrentVersionExpirationDays: config.noncurrentVersionExpirationDays,
      abortIncompleteMultipartUploadDays,
      lifecycleRules: [
        ...expireUnder('expire-good', layout.goodPrefix, config.goodExpirationDays),
        ...expireUnder('expire-bad', layout.badPrefix, config.badExpirationDays),
        ...expireUnder('expire-firehose-errors', layout.firehoseErrorsPrefix, config.failuresExpirationDays),
        ...rawArchiveRules(layout.rawPrefix, config),
      ],
      ...logsTo('lake/'),
    });
    this.failures = buildSecureBucket(this, 'Failures', {
      encryptionKey: this.key,
      noncurrentVersionExpirationDays: config.noncurrentVersionExpirationDays,
      abortIncompleteMultipartUploadDays,
      lifecycleRules: expireUnder('expire-failures', '', config.failuresExpirationDays),
      ...logsTo('failures/'),
    });
    this.athenaResults = buildSecureBucket(this, 'AthenaResults', {
      encryptionKey: this.key,
      abortIncompleteMultipartUploadDays,
      lifecycleRules: expireUnder('expire-results', '', config.athenaResultsExpirationDays),
      ...logsTo('athena-results/'),
    });
  }
}

function rawArchiveRules(prefix: string, config: LakeConfig): s3.LifecycleRule[] {
  if (config.rawArchiveGlacierAfterDays === null && config.rawArchiveExpirationDays === null) return [];
  return [
    {
      id: 'raw-archive',
      prefix,
      ...(config.rawArchiveGlacierAfterDays === null
        ? {}
        : {
            transitions: [
              {
                storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
                transitionAfter: Duration.days(config.rawArchiveGlacierAfterDays),
              },
            ],
          }),
      ...(config.rawArchiveExpirationDays === null ? {} : { expiration: Duration.days(config.rawArchiveExpirationDays) }),
    },
  ];
}
