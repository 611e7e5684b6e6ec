/**
 * The SDK Kinesis client of the collector: stream checks (DescribeStreamSummary) and the credentials provider
 * chain; PutRecords itself goes through put-records-client.ts. HTTP/1.1 keep-alive through NodeHttpHandler is REQUIRED: the SDK's default
 * HTTP/2 handler fails against kinesalite (../shared/docs/local-aws.md §3) and we want pooled sockets sized to the
 * sink's concurrency anyway. SDK retries are off (maxAttempts 1): the sink owns retries, backoff and health.
 */
import http from 'node:http';
import https from 'node:https';
import { KinesisClient, KinesisClientConfig } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface KinesisClientOptions {
  readonly region: string;
  readonly endpoint: string | null;
  readonly requestTimeoutMs: number;
  /** Sockets per host. */
  readonly maxSockets: number;
  /** Explicit credentials (tests); production uses the SDK's default provider chain. */
  readonly credentials?: KinesisClientConfig['credentials'];
}

export function createKinesisClient(o: KinesisClientOptions): KinesisClient {
  const client = buildClient(o);
  // The SDK's logger middleware copies every call's input and output through its sensitive-data filter even with
  // no logger configured (hundreds of records per call); the sink logs what matters itself.
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

function buildClient(o: KinesisClientOptions): KinesisClient {
  // noDelay: the SDK writes headers and body separately; with Nagle on, each call can stall on a delayed ACK.
  const agentOptions = { keepAlive: true, maxSockets: o.maxSockets, noDelay: true };
  return new KinesisClient({
    region: o.region,
    ...(o.endpoint === null ? {} : { endpoint: o.endpoint }),
    ...(o.credentials === undefined ? {} : { credentials: o.credentials }),
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
      requestTimeout: o.requestTimeoutMs,
      connectionTimeout: Math.min(o.requestTimeoutMs, 5000),
    }),
  });
}
