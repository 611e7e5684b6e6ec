import http from 'node:http';
import https from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsConfig } from './config-fragments';

/**
 * SDK clients of the enricher runtimes. Kinesis always uses the HTTP/1.1 handler with keep-alive (the SDK's default
 * HTTP/2 handler fails against emulators, and GetRecords/ListShards gain nothing from HTTP/2). With a custom S3
 * endpoint, checksums are computed only when required (emulators store aws-chunked framing as data otherwise,
 * docs/local-aws.md §4). Credentials: the default provider chain.
 */
export function createKinesisClient(aws: AwsConfig): KinesisClient {
  return new KinesisClient({
    region: aws.region,
    ...(aws.endpoints.kinesis === null ? {} : { endpoint: aws.endpoints.kinesis }),
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
      requestTimeout: 30_000,
    }),
  });
}

export function createS3Client(aws: AwsConfig): S3Client {
  const custom = aws.endpoints.s3 !== null;
  return new S3Client({
    region: aws.region,
    ...(custom ? { endpoint: aws.endpoints.s3!, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    forcePathStyle: aws.s3ForcePathStyle,
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
      requestTimeout: 120_000,
    }),
  });
}

export function createDynamoDbClient(aws: AwsConfig): DynamoDBClient {
  return new DynamoDBClient({ region: aws.region, ...(aws.endpoints.dynamodb === null ? {} : { endpoint: aws.endpoints.dynamodb }) });
}
