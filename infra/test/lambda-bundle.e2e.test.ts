/**
 * The enricher as the stack deploys it: synthesise with bundling on (local esbuild, no Docker), take the function's
 * asset directory and its environment from the template, and invoke the bundled handler in a bare Node process
 * (nothing from the repository on its module path) against s3rver and dynalite. Proves the bundle is complete
 * (schemas, resolver, configs copied in) and that the env contract between the stack and the handler holds.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { App } from 'aws-cdk-lib';
import { COLLECTOR_PAYLOAD_SCHEMA, encodeCollectorPayload } from '../../common/thrift';
import { createBucket, dynamoClient, s3Client, startEmulator, TEST_CREDENTIALS, type Emulator } from '../../test/harness/emulators';
import cdkJson from '../cdk.json';
import { SleetStack } from '../lib/sleet-stack';
import { DOMAIN_CONFIG } from './synth-stack';

jest.setTimeout(180_000);

let s3e: Emulator;
let ddb: Emulator;
let outdir: string;

beforeAll(async () => {
  [s3e, ddb] = await Promise.all([startEmulator('s3rver'), startEmulator('dynalite')]);
  outdir = mkdtempSync(path.join(tmpdir(), 'sleet-cdk-'));
});

afterAll(async () => {
  await Promise.all([s3e?.stop(), ddb?.stop()]);
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

interface FunctionResource {
  Metadata?: Record<string, string>;
  Properties: { Handler: string; Environment: { Variables: Record<string, unknown> } };
}

function synthesiseEnricher(): { assetDir: string; handler: string; env: Record<string, unknown> } {
  const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:enable-asset-metadata': true } });
  const stack = new SleetStack(app, 'Bundle', {
    config: {
      ...DOMAIN_CONFIG,
      enricher: {
        configDir: 'infra/test/fixtures/enricher-config',
        resolverConfigFile: 'resolver.json',
      },
    },
  });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string } & FunctionResource> };
  const fn = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.SLEET_ENRICHER_BUCKET !== undefined,
  );
  if (!fn?.Metadata?.['aws:asset:path']) throw new Error('enricher function or its asset not found');
  return { assetDir: path.join(outdir, fn.Metadata['aws:asset:path']), handler: fn.Properties.Handler, env: fn.Properties.Environment.Variables };
}

it('the bundled enricher turns Kinesis records into good and bad objects with the environment the stack sets', async () => {
  const { assetDir, handler, env } = synthesiseEnricher();
  for (const f of ['index.js', 'package.json', 'schemas', 'enricher/iglu/defaults/resolver-config.json', 'sleet-config/resolver.json']) {
    expect([f, existsSync(path.join(assetDir, f))]).toEqual([f, true]);
  }
  expect(handler).toBe('index.handler');

  // The emulators stand in for the stack's bucket and table; every other variable is used exactly as synthesised,
  // with /var/task (the Lambda code directory) mapped onto the asset directory.
  await createBucket(s3Client(s3e.endpoint), 'lake');
  await dynamoClient(ddb.endpoint).send(
    new CreateTableCommand({
      TableName: 'positions',
      AttributeDefinitions: [{ AttributeName: 'leaseKey', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'leaseKey', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const stackEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k === 'SLEET_ENRICHER_BUCKET') stackEnv[k] = 'lake';
    else if (k === 'SLEET_ENRICHER_POSITION_TABLE') stackEnv[k] = 'positions';
    else if (typeof v === 'string') stackEnv[k] = v.replace(/^\/var\/task/, assetDir);
    else throw new Error(`unexpected token in ${k}`);
  }
  expect(stackEnv).toMatchObject({ SLEET_ENRICHER_PREFIX: 'enriched', SLEET_ENRICHER_POSITION_STORE: 'dynamodb' });
  const emulatorConfig = path.join(outdir, 'emulator.json');
  writeFileSync(emulatorConfig, JSON.stringify({ aws: { s3ForcePathStyle: true } }));

  const ts = Date.UTC(2024, 4, 1, 10, 15);
  const pageView = encodeCollectorPayload({
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '203.0.113.9',
    timestamp: ts,
    encoding: 'UTF-8',
    collector: 'sleet-0.1.0-kinesis',
    path: '/i',
    querystring: 'e=pv&eid=6f1c2a7e-1d2b-4c3d-8e9f-0a1b2c3d4e5f&url=https%3A%2F%2Fwww.flowershop.example%2F&p=web&tv=js-4.10.1&aid=shop',
    userAgent: 'Mozilla/5.0',
  });
  const record = (data: Buffer, seq: string): unknown => ({
    kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'p', sequenceNumber: seq, data: data.toString('base64'), approximateArrivalTimestamp: ts / 1000 + 1 },
    eventSource: 'aws:kinesis',
    eventID: `shardId-000000000000:${seq}`,
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/raw',
  });
  const event = {
    Records: [
      record(pageView, '49650000000000000000000000000000000000000000000000000001'),
      record(Buffer.from('not a collector payload'), '49650000000000000000000000000000000000000000000000000002'),
    ],
  };
  const invoke = async (): Promise<unknown> => {
    const script =
      `require(${JSON.stringify(path.join(assetDir, 'index.js'))}).handler(${JSON.stringify(event)}, ` +
      `{ getRemainingTimeInMillis: () => 60000, awsRequestId: 'test' }).then(` +
      `(r) => process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n'), (e) => { process.stderr.write(String(e && e.stack)); process.exit(1); });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      cwd: outdir,
      env: {
        PATH: process.env.PATH,
        ...stackEnv,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        SLEET_ENRICHER_CONFIG: emulatorConfig,
        SLEET_ENRICHER_S3_ENDPOINT: s3e.endpoint,
        SLEET_ENRICHER_DYNAMODB_ENDPOINT: ddb.endpoint,
      },
    });
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    return JSON.parse(line?.slice('RESULT '.length) ?? 'null') as unknown;
  };

  expect(await invoke()).toEqual({ batchItemFailures: [] });
  const s3 = s3Client(s3e.endpoint);
  const read = async (): Promise<Record<string, string[]>> => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'lake' }));
    const out: Record<string, string[]> = {};
    for (const o of listed.Contents ?? []) {
      const obj = await s3.send(new GetObjectCommand({ Bucket: 'lake', Key: o.Key }));
      out[o.Key as string] = gunzipSync(Buffer.from(await obj.Body!.transformToByteArray())).toString('utf8').split('\n').filter((l) => l !== '');
    }
    return out;
  };
  const objects = await read();
  const keys = Object.keys(objects).sort();
  expect(keys).toEqual([
    expect.stringMatching(/^enriched\/bad\/dt=2024-05-01\/hr=10\/.+\.jsonl\.gz$/),
    expect.stringMatching(/^enriched\/good\/dt=2024-05-01\/hr=10\/.+\.tsv\.gz$/),
  ]);
  const good = objects[keys[1] as string] ?? [];
  expect(good).toHaveLength(1);
  const fields = (good[0] ?? '').split('\t');
  expect(fields).toHaveLength(131);
  expect([fields[0], fields[5], fields[6]]).toEqual(['shop', 'page_view', '6f1c2a7e-1d2b-4c3d-8e9f-0a1b2c3d4e5f']);
  const bad = objects[keys[0] as string] ?? [];
  expect(bad).toHaveLength(1);
  expect((JSON.parse(bad[0] ?? '{}') as { schema: string }).schema).toMatch(/^iglu:com\.snowplowanalytics\.snowplow\.badrows\//);

  // A redelivery (ESM retry) rewrites nothing new: same keys, same content.
  expect(await invoke()).toEqual({ batchItemFailures: [] });
  expect(await read()).toEqual(objects);
});
