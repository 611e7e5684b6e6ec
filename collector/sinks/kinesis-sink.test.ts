/**
 * KinesisSink batching, retries and health against a scripted PutRecords (a narrow fake of the client's `send`;
 * the real wire protocol is covered by collector/kinesis.test.ts with kinesalite).
 */
import type { KinesisClient, PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import { DescribeStreamSummaryCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { silentLogger } from '../../common/logger';
import { backoffDelayMs } from './backoff';
import { KinesisSink, KinesisSinkOptions } from './kinesis-sink';
import type { SinkRecord } from './sink';

type PutInput = { StreamName?: string; Records: Array<{ Data: Uint8Array; PartitionKey: string }> };
type Reply = (input: PutInput) => Promise<Partial<PutRecordsCommandOutput>>;

class FakeKinesis {
  calls: PutInput[] = [];
  describeCalls = 0;
  reply: Reply = async (input) => ({ FailedRecordCount: 0, Records: input.Records.map((_, i) => ({ SequenceNumber: String(i), ShardId: 's' })) });
  streamStatus: string | Error = 'ACTIVE';

  asClient(): KinesisClient {
    return {
      send: async (command: unknown) => {
        if (command instanceof PutRecordsCommand) {
          const input = command.input as PutInput;
          this.calls.push(input);
          return this.reply(input);
        }
        if (command instanceof DescribeStreamSummaryCommand) {
          this.describeCalls++;
          if (this.streamStatus instanceof Error) throw this.streamStatus;
          return { StreamDescriptionSummary: { StreamStatus: this.streamStatus } };
        }
        throw new Error('unexpected command');
      },
    } as unknown as KinesisClient;
  }
}

function records(n: number, size = 10, prefix = 'r'): SinkRecord[] {
  return Array.from({ length: n }, (_, i) => ({ data: Buffer.alloc(size, i % 256), partitionKey: `${prefix}${i}` }));
}

function sink(fake: FakeKinesis, over: Partial<KinesisSinkOptions> = {}): KinesisSink {
  return new KinesisSink({
    name: 'good',
    client: fake.asClient(),
    streamName: 'raw',
    maxRecordsPerCall: 500,
    maxBytesPerCall: 5 * 1024 * 1024,
    lingerMs: 5,
    maxConcurrentCalls: 2,
    minBackoffMs: 5,
    maxBackoffMs: 20,
    maxRetries: 2,
    healthCheckIntervalMs: 50,
    log: silentLogger(),
    random: () => 0.5,
    ...over,
  });
}

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('KinesisSink', () => {
  it('starts unhealthy and becomes healthy once DescribeStreamSummary says ACTIVE', async () => {
    const fake = new FakeKinesis();
    fake.streamStatus = 'CREATING';
    const s = sink(fake);
    expect(s.health.healthy).toBe(false);
    await s.start();
    await tick(80);
    expect(s.health.healthy).toBe(false);
    fake.streamStatus = 'ACTIVE';
    await tick(120);
    expect(s.health.healthy).toBe(true);
    await s.stop();
  });

  it('sends at once when idle and resolves a write only when every one of its records was accepted', async () => {
    const fake = new FakeKinesis();
    const s = sink(fake);
    await s.write(records(3));
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0].StreamName).toBe('raw');
    expect(fake.calls[0].Records.map((r) => r.PartitionKey)).toEqual(['r0', 'r1', 'r2']);
    expect(s.pendingRecords()).toBe(0);
    await s.stop();
  });

  it('lets every record written in the same event-loop turn share one call', async () => {
    const fake = new FakeKinesis();
    const s = sink(fake);
    await Promise.all(Array.from({ length: 30 }, (_, i) => s.write(records(1, 10, `t${i}-`))));
    expect(fake.calls.map((c) => c.Records.length)).toEqual([30]);
    await s.stop();
  });

  it('never puts more than maxRecordsPerCall records or maxBytesPerCall bytes (data + keys) in one call', async () => {
    const fake = new FakeKinesis();
    const s = sink(fake, { maxRecordsPerCall: 500, maxBytesPerCall: 1_048_576, maxConcurrentCalls: 1 });
    await Promise.all([s.write(records(1200, 10)), s.write(records(30, 100_000, 'big'))]);
    for (const call of fake.calls) {
      expect(call.Records.length).toBeLessThanOrEqual(500);
      expect(call.Records.reduce((n, r) => n + r.Data.length + r.PartitionKey.length, 0)).toBeLessThanOrEqual(1_048_576);
    }
    expect(fake.calls.reduce((n, c) => n + c.Records.length, 0)).toBe(1230);
    await s.stop();
  });

  it('batches records that arrive while a call is in flight (linger), up to the limits', async () => {
    const fake = new FakeKinesis();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const normal = fake.reply;
    fake.reply = async (input) => {
      await gate;
      return normal(input);
    };
    const s = sink(fake, { maxConcurrentCalls: 2, lingerMs: 1000 });
    const first = s.write(records(1));
    await tick(5);
    const rest = Promise.all(Array.from({ length: 20 }, (_, i) => s.write(records(1, 10, `x${i}-`))));
    await tick(5);
    // A free call slot is not used before the linger: the batch grows while the first call is in flight.
    expect(fake.calls.map((c) => c.Records.length)).toEqual([1]);
    release();
    await Promise.all([first, rest]);
    expect(fake.calls.map((c) => c.Records.length)).toEqual([1, 20]);
    await s.stop();
  });

  it('retries only the records a call did not store, after a backoff, and never drops them', async () => {
    const fake = new FakeKinesis();
    let n = 0;
    fake.reply = async (input) => {
      n++;
      // First call: every odd record throttled; later calls: everything stored.
      if (n > 1) return { FailedRecordCount: 0, Records: input.Records.map((_, i) => ({ SequenceNumber: `${n}-${i}`, ShardId: 's' })) };
      return {
        FailedRecordCount: Math.floor(input.Records.length / 2),
        Records: input.Records.map((_, i) => (i % 2 === 1 ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow down' } : { SequenceNumber: `1-${i}`, ShardId: 's' })),
      };
    };
    const s = sink(fake);
    const started = Date.now();
    await s.write(records(6));
    expect(fake.calls.map((c) => c.Records.map((r) => r.PartitionKey))).toEqual([
      ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'],
      ['r1', 'r3', 'r5'],
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3);
    await s.stop();
  });

  it('retries a whole failed call, turns unhealthy after maxRetries failed calls, and healthy on the next success', async () => {
    const fake = new FakeKinesis();
    let failing = true;
    const normal = fake.reply;
    fake.reply = async (input) => {
      if (failing) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return normal(input);
    };
    const s = sink(fake, { maxRetries: 2 });
    await s.start();
    await tick(60);
    expect(s.health.healthy).toBe(true);
    const changes: boolean[] = [];
    s.health.onChange((h) => changes.push(h));
    let done = false;
    const write = s.write(records(2)).then(() => (done = true));
    await tick(150);
    expect(done).toBe(false);
    expect(s.health.healthy).toBe(false);
    expect(fake.calls.length).toBeGreaterThanOrEqual(3);
    failing = false;
    await write;
    expect(s.health.healthy).toBe(true);
    expect(changes).toEqual([false, true]);
    expect(new Set(fake.calls.flatMap((c) => c.Records.map((r) => r.PartitionKey)))).toEqual(new Set(['r0', 'r1']));
    await s.stop();
  });

  it('treats a reply with missing per-record results as a failure of those records', async () => {
    const fake = new FakeKinesis();
    let n = 0;
    const normal = fake.reply;
    fake.reply = async (input) => (++n === 1 ? { FailedRecordCount: 0, Records: [{ SequenceNumber: '1', ShardId: 's' }] } : normal(input));
    const s = sink(fake);
    await s.write(records(3));
    expect(fake.calls.map((c) => c.Records.length)).toEqual([3, 2]);
    await s.stop();
  });

  it('stop() flushes at once (no linger) and resolves when everything is stored', async () => {
    const fake = new FakeKinesis();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const normal = fake.reply;
    fake.reply = async (input) => {
      await gate;
      return normal(input);
    };
    const s = sink(fake, { lingerMs: 60_000, maxConcurrentCalls: 2 });
    const writes = [s.write(records(1)), s.write(records(5, 10, 'b'))];
    await tick(5);
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await tick(5);
    expect(stopped).toBe(false);
    release();
    await Promise.all([...writes, stopping]);
    expect(fake.calls.reduce((n, c) => n + c.Records.length, 0)).toBe(6);
  });

  it('refuses a record above the Kinesis record limit (payloads are size-checked before)', async () => {
    const s = sink(new FakeKinesis());
    await expect(s.write([{ data: Buffer.alloc(1_048_576), partitionKey: 'k' }])).rejects.toThrow(/Kinesis record limit/);
    await s.stop();
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially from min to max, with jitter in [d/2, d]', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelayMs(n, 100, 1000, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelayMs(3, 100, 1000, () => 0)).toBe(200);
    expect(backoffDelayMs(100, 100, 1000, () => 0.5)).toBe(750);
  });
});
