/**
 * The esbuild bundle is what runs on Lambda: build it, then invoke the bundled handler in a fresh Node process
 * (no repository on its module path) with a real Kinesis-shaped event, writing to s3rver.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createBucket, s3Client, startEmulator, type Emulator } from '../../../test/harness/emulators';
import { COLLECTOR_PAYLOAD_SCHEMA, encodeCollectorPayload } from '../../../common/thrift';
import { readObjects } from '../test-support/pipeline-fixtures';
import { bundleLambda } from './bundle';
import type { KinesisStreamEvent } from './kinesis-event';

jest.setTimeout(60_000);

let s3rver: Emulator;
let dir: string;

beforeAll(async () => {
  s3rver = await startEmulator('s3rver');
  dir = mkdtempSync(join(tmpdir(), 'sleet-bundle-'));
});

afterAll(async () => {
  await s3rver?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('bundles the handler into one file that enriches a Kinesis event into S3 from a bare directory', async () => {
  const out = join(dir, 'asset');
  const { bytes } = await bundleLambda(out);
  expect(bytes).toBeGreaterThan(10_000);

  const s3 = s3Client(s3rver.endpoint);
  await createBucket(s3, 'bundle-out');
  // A resolver with one empty embedded repository: hermetic (no Iglu Central over the network in tests).
  mkdirSync(join(dir, 'empty-repo'));
  const resolver = join(dir, 'resolver.json');
  writeFileSync(
    resolver,
    JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1',
      data: { cacheSize: 10, repositories: [{ name: 'empty', priority: 0, vendorPrefixes: [], connection: { embedded: { path: join(dir, 'empty-repo') } } }] },
    }),
  );
  const ts = Date.UTC(2024, 4, 1, 10, 15);
  const payload = encodeCollectorPayload({
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '203.0.113.9',
    timestamp: ts,
    encoding: 'UTF-8',
    collector: 'ssc-3.2.0-kinesis',
    path: '/i',
    querystring: 'e=pv&eid=3a2b1c0d-1111-4222-8333-444455556666&url=http%3A%2F%2Fshop.example%2F&p=web&tv=js-4.10.1&aid=shop',
    userAgent: 'Mozilla/5.0',
  });
  const event: KinesisStreamEvent = {
    Records: [
      {
        kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'p', sequenceNumber: '49650000000000000000000000000000000000000000000000000001', data: payload.toString('base64'), approximateArrivalTimestamp: ts / 1000 + 1 },
        eventSource: 'aws:kinesis',
        eventID: 'shardId-000000000003:49650000000000000000000000000000000000000000000000000001',
        eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/sleet-raw',
      },
    ],
  };
  const script = `require(${JSON.stringify(join(out, 'lambda', 'index.js'))}).handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => 60000 }).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { process.stderr.write(String(e && e.stack)); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      SLEET_ENRICHER_BUCKET: 'bundle-out',
      SLEET_ENRICHER_S3_ENDPOINT: s3rver.endpoint,
      SLEET_ENRICHER_RESOLVER_FILE: resolver,
      SLEET_LOG_LEVEL: 'silent',
    },
  });
  expect(JSON.parse(stdout)).toEqual({ batchItemFailures: [] });
  const objects = await readObjects(s3, 'bundle-out', 'enriched/');
  const key = 'enriched/good/dt=2024-05-01/hr=10/sleet-raw-shardId-000000000003-49650000000000000000000000000000000000000000000000000001.tsv.gz';
  expect([...objects.keys()]).toEqual([key]);
  const fields = objects.get(key)![0].split('\t');
  expect(fields).toHaveLength(131);
  expect(fields[6]).toBe('3a2b1c0d-1111-4222-8333-444455556666');
  expect(fields[3]).toBe('2024-05-01 10:15:00.000');
  s3.destroy();
});
