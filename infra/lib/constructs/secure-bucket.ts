import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { SECURE_BUCKET_DEFAULTS } from './secure-bucket-defaults';

export interface SecureBucketOptions {
  /** A customer-managed key (SSE-KMS with an S3 Bucket Key); SSE-S3 without. */
  readonly encryptionKey?: kms.IKey;
  /** Keep noncurrent versions for this many days (protects against overwrites and deletes); off when undefined. */
  readonly noncurrentVersionExpirationDays?: number;
  readonly lifecycleRules?: s3.LifecycleRule[];
  readonly serverAccessLogsBucket?: s3.IBucket;
  readonly serverAccessLogsPrefix?: string;
  readonly abortIncompleteMultipartUploadDays: number;
}

/** Builds a bucket with SECURE_BUCKET_DEFAULTS plus the given encryption, versioning and lifecycle. */
export function buildSecureBucket(scope: Construct, id: string, options: SecureBucketOptions): s3.Bucket {
  const versioned = options.noncurrentVersionExpirationDays !== undefined;
  const housekeeping: s3.LifecycleRule = {
    id: 'housekeeping',
    abortIncompleteMultipartUploadAfter: Duration.days(options.abortIncompleteMultipartUploadDays),
    ...(versioned ? { noncurrentVersionExpiration: Duration.days(options.noncurrentVersionExpirationDays as number) } : {}),
  };
  return new s3.Bucket(scope, id, {
    ...SECURE_BUCKET_DEFAULTS,
    ...(options.encryptionKey
      ? { encryption: s3.BucketEncryption.KMS, encryptionKey: options.encryptionKey, bucketKeyEnabled: true }
      : { encryption: s3.BucketEncryption.S3_MANAGED }),
    versioned,
    lifecycleRules: [housekeeping, ...(options.lifecycleRules ?? [])],
    serverAccessLogsBucket: options.serverAccessLogsBucket,
    serverAccessLogsPrefix: options.serverAccessLogsPrefix,
  });
}

/** A lifecycle rule that expires objects under `prefix` ('' = whole bucket) after `days` (none when null). */
export function expireUnder(id: string, prefix: string, days: number | null): s3.LifecycleRule[] {
  if (days === null) return [];
  return [{ id, ...(prefix === '' ? {} : { prefix }), expiration: Duration.days(days) }];
}
