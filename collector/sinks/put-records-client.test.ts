/**
 * The lean PutRecords client against a real Kinesis wire protocol (kinesalite): records of every byte value and
 * awkward partition keys are stored and read back identical, per-record results come back in order, and whole-call
 * failures reject with the error types the sink classifies (Kinesis `__type`, network, timeout).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createStream, Emulator, kinesisClient, startEmulator, TEST_CREDENTIALS } from '../../test/harness/emulators';
import { readStream } from '../test/kinesis-stream';
import { errorType } from './kinesis-sink';
import { PutRecordsClient, putRecordsBody, regionalEndpoint } from './put-records-client';
import type { SinkRecord } from './sink';

jest.setTimeout(60_000);

function client(endpoint: string, requestTimeoutMs = 5000): PutRecordsClient {
  return new PutRecordsClient({ region: 'us-east-1', endpoint, credentials: async () => TEST_CREDENTIALS, requestTimeoutMs, maxSockets: 4 });
}

describe('PutRecordsClient', () => {
  let kinesis: Emulator;
  let sdk: KinesisClient;

  beforeAll(async () => {
    kinesis = await startEmulator('kinesalite');
    sdk = kinesisClient(kinesis.endpoint);
    await createStream(sdk, 'lean', 2);
  });
  afterAll(async () => {
    sdk?.destroy();
    await kinesis?.stop();
  });

  it('stores every record as sent and answers one result per record, in order', async () => {
    const c = client(kinesis.endpoint);
    try {
      const records: SinkRecord[] = [
        { data: Buffer.from(Array.from({ length: 256 }, (_, i) => i)), partitionKey: 'every-byte' },
        { data: Buffer.from('{"quote":"\\"", "tab":"\t"}'), partitionKey: 'key with "quotes" \\ and ünïcödé' },
        ...Array.from({ length: 50 }, (_, i) => ({ data: Buffer.alloc(1000 + i, i), partitionKey: `203.0.113.${i}` })),
      ];
      const out = await c.putRecords('lean', records);
      expect(out.FailedRecordCount).toBe(0);
      expect(out.Records).toHaveLength(records.length);
      expect(out.Records!.every((r) => typeof r.SequenceNumber === 'string' && typeof r.ShardId === 'string' && r.ErrorCode === undefined)).toBe(true);
      const stored = await readStream(sdk, 'lean');
      const key = (r: { data: Buffer; partitionKey: string }): string => `${r.partitionKey}|${r.data.toString('base64')}`;
      expect(stored.map(key).sort()).toEqual(records.map(key).sort());
    } finally {
      c.destroy();
    }
  });

  it('rejects with the Kinesis error type when the whole call is refused', async () => {
    const c = client(kinesis.endpoint);
    try {
      const err = await c.putRecords('no-such-stream', [{ data: Buffer.from('x'), partitionKey: 'k' }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).name).toBe('ResourceNotFoundException');
      expect((err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
      expect(errorType(err)).toBe('ResourceNotFoundException');
    } finally {
      c.destroy();
    }
  });

  it('rejects with a network error when nothing listens, and with TimeoutError when no answer comes', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = client(`http://127.0.0.1:${closedPort}`);
    const netErr = await refused.putRecords('lean', [{ data: Buffer.from('x'), partitionKey: 'k' }]).catch((e: unknown) => e);
    refused.destroy();
    expect(errorType(netErr)).toBe('network');

    const silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const slow = client(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, 150);
    try {
      const timeout = await slow.putRecords('lean', [{ data: Buffer.from('x'), partitionKey: 'k' }]).catch((e: unknown) => e);
      expect(errorType(timeout)).toBe('TimeoutError');
    } finally {
      slow.destroy();
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('writes the JSON body of the Kinesis API and knows the regional endpoints', () => {
    const body = putRecordsBody('raw', [{ data: Buffer.from([0, 1, 2]), partitionKey: 'a"b' }]);
    expect(JSON.parse(body.toString('utf8'))).toEqual({ StreamName: 'raw', Records: [{ Data: 'AAEC', PartitionKey: 'a"b' }] });
    // Byte for byte what JSON.stringify writes, for every data length modulo 3 and keys that need escaping.
    const records = Array.from({ length: 40 }, (_, i) => ({ data: Buffer.alloc(i, i + 1), partitionKey: i % 4 === 0 ? `k${i}\n"é€\u0001` : `203.0.113.${i}` }));
    const expected = JSON.stringify({ StreamName: 'strëam', Records: records.map((r) => ({ Data: r.data.toString('base64'), PartitionKey: r.partitionKey })) });
    expect(putRecordsBody('strëam', records).toString('utf8')).toBe(expected);
    expect(putRecordsBody('raw', []).toString('utf8')).toBe('{"StreamName":"raw","Records":[]}');
    expect(regionalEndpoint('eu-west-1')).toBe('https://kinesis.eu-west-1.amazonaws.com');
    expect(regionalEndpoint('cn-north-1')).toBe('https://kinesis.cn-north-1.amazonaws.com.cn');
  });
});
