/**
 * PutRecords on the worker thread against kinesalite: what it stores is what was sent, per-record results and
 * whole-call errors reach the collector's thread with the names the sink classifies, and destroy() ends the worker
 * and every call still waiting.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createStream, Emulator, kinesisClient, startEmulator, TEST_CREDENTIALS } from '../../test/harness/emulators';
import { readStream } from '../test/kinesis-stream';
import { errorType } from './kinesis-sink';
import { PutRecordsThread } from './put-records-thread';

jest.setTimeout(60_000);

function thread(endpoint: string): PutRecordsThread {
  return new PutRecordsThread({ region: 'us-east-1', endpoint, credentials: async () => TEST_CREDENTIALS, requestTimeoutMs: 5000, maxSockets: 4 });
}

describe('PutRecordsThread', () => {
  let kinesis: Emulator;
  let sdk: KinesisClient;

  beforeAll(async () => {
    kinesis = await startEmulator('kinesalite');
    sdk = kinesisClient(kinesis.endpoint);
    await createStream(sdk, 'threaded', 2);
  });
  afterAll(async () => {
    sdk?.destroy();
    await kinesis?.stop();
  });

  it('stores the records of concurrent calls as sent, one result per record', async () => {
    const t = thread(kinesis.endpoint);
    try {
      const batches = Array.from({ length: 3 }, (_, b) => Array.from({ length: 20 }, (_, i) => ({ data: Buffer.alloc(10 + i, b * 20 + i), partitionKey: `k-${b}-${i}-ü` })));
      const results = await Promise.all(batches.map((records) => t.putRecords('threaded', records)));
      for (const out of results) {
        expect(out.FailedRecordCount).toBe(0);
        expect(out.Records).toHaveLength(20);
      }
      const key = (r: { data: Buffer; partitionKey: string }): string => `${r.partitionKey}|${r.data.toString('base64')}`;
      expect((await readStream(sdk, 'threaded')).map(key).sort()).toEqual(batches.flat().map(key).sort());
    } finally {
      t.destroy();
    }
  });

  it('passes whole-call errors on with their Kinesis type, network code or status', async () => {
    const t = thread(kinesis.endpoint);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = thread(`http://127.0.0.1:${port}`);
    try {
      const notFound = await t.putRecords('no-such-stream', [{ data: Buffer.from('x'), partitionKey: 'k' }]).catch((e: unknown) => e);
      expect((notFound as Error).name).toBe('ResourceNotFoundException');
      expect(errorType(notFound)).toBe('ResourceNotFoundException');
      const network = await refused.putRecords('threaded', [{ data: Buffer.from('x'), partitionKey: 'k' }]).catch((e: unknown) => e);
      expect(errorType(network)).toBe('network');
    } finally {
      t.destroy();
      refused.destroy();
    }
  });

  it('destroy() rejects calls still waiting and refuses new ones', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const t = thread(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
    try {
      const waiting = t.putRecords('threaded', [{ data: Buffer.from('x'), partitionKey: 'k' }]).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 200));
      t.destroy();
      expect(String(await waiting)).toMatch(/worker stopped/);
      await expect(t.putRecords('threaded', [{ data: Buffer.from('y'), partitionKey: 'k' }])).rejects.toThrow(/worker stopped/);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});
