import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Prescriptive S3 defaults, as data (the AWS Solutions Constructs `s3-bucket-defaults` habit): every bucket of the
 * deployment is encrypted, private, TLS-only, owner-enforced and survives `cdk destroy`.
 */
export const SECURE_BUCKET_DEFAULTS = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  // Data outlives the stack: deleting it must be a deliberate act, not a side effect of `cdk destroy`.
  removalPolicy: RemovalPolicy.RETAIN,
  autoDeleteObjects: false,
} as const satisfies s3.BucketProps;
