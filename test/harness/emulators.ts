/**
 * Real AWS wire protocols on loopback for tests: kinesalite (Kinesis), s3rver (S3), dynalite (DynamoDB), each in its
 * own child process on 127.0.0.1 with an ephemeral port, stopped by its own PID. Client settings follow
 * ../shared/docs/local-aws.md (HTTP/1.1 handler for Kinesis, path-style S3 with checksums only when required).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const TEST_REGION = 'us-east-1';
export const TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export type EmulatorKind = 'kinesalite' | 's3rver' | 'dynalite';

export interface Emulator {
  readonly kind: EmulatorKind;
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** SIGTERM by PID, wait for exit, remove the temp dir. Idempotent. */
  stop(): Promise<void>;
}

export async function startEmulator(kind: EmulatorKind, opts: { port?: number } = {}): Promise<Emulator> {
  const dir = kind === 's3rver' ? mkdtempSync(join(tmpdir(), 'sleet-s3rver-')) : undefined;
  const nodeArgs = kind === 's3rver' ? ['--openssl-legacy-provider'] : [];
  const args = [...nodeArgs, join(__dirname, 'emulator-process.js'), kind, ...(dir ? [dir] : [])];
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  if (opts.port !== undefined) env.SLEET_EMULATOR_PORT = String(opts.port);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start in 20 s: ${stderr}`)), 20_000);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch {
        reject(new Error(`${kind} printed ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with ${code}: ${stderr}`));
    });
  });
  let stopped: Promise<void> | undefined;
  return {
    kind,
    port,
    pid: child.pid!,
    endpoint: `http://127.0.0.1:${port}`,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }).then(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
      });
      return stopped;
    },
  };
}

export function kinesisClient(endpoint: string): KinesisClient {
  return new KinesisClient({
    region: TEST_REGION,
    endpoint,
    credentials: TEST_CREDENTIALS,
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }) }),
    maxAttempts: 1,
  });
}

export function s3Client(endpoint: string): S3Client {
  return new S3Client({
    region: TEST_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ region: TEST_REGION, endpoint, credentials: TEST_CREDENTIALS });
}

/** Creates a stream and polls until ACTIVE (waitUntilStreamExists cannot poll faster than 1 s). */
export async function createStream(client: KinesisClient, name: string, shards = 1): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  for (let i = 0; i < 500; i++) {
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`stream ${name} not ACTIVE`);
}

export async function createBucket(client: S3Client, name: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: name }));
}
