import { MemorySink } from './memory-sink';
import type { SinkRecord } from './sink';

const rec = (s: string): SinkRecord => ({ data: Buffer.from(s), partitionKey: s });
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('MemorySink (local hand-over)', () => {
  it('hands over batches through the async iterator; writes resolve only on ack', async () => {
    const sink = new MemorySink({ name: 'good', maxBatchRecords: 2 });
    let resolved = false;
    const w = sink.write([rec('a'), rec('b'), rec('c')]).then(() => (resolved = true));
    const it = sink[Symbol.asyncIterator]();
    const first = (await it.next()).value as { records: SinkRecord[]; ack(): void };
    expect(first.records.map((r) => r.data.toString())).toEqual(['a', 'b']);
    first.ack();
    await tick();
    expect(resolved).toBe(false);
    const second = (await it.next()).value as { records: SinkRecord[]; ack(): void };
    expect(second.records.map((r) => r.data.toString())).toEqual(['c']);
    second.ack();
    await w;
    expect(sink.pendingRecords()).toBe(0);
    const stopping = sink.stop();
    expect((await it.next()).done).toBe(true);
    await stopping;
  });

  it('applies back-pressure: nothing is handed over while the consumer is busy, and a nack re-delivers', async () => {
    const sink = new MemorySink({ name: 'good' });
    const seen: string[][] = [];
    let fail = true;
    let releaseFirst!: () => void;
    const firstDone = new Promise<void>((r) => (releaseFirst = r));
    const stop = sink.consume(
      async (records) => {
        seen.push(records.map((r) => r.data.toString()));
        if (seen.length === 1) await firstDone;
        if (fail) {
          fail = false;
          throw new Error('consumer failed');
        }
      },
      { retryDelayMs: 1 },
    );
    const w1 = sink.write([rec('1')]);
    await tick();
    const w2 = sink.write([rec('2'), rec('3')]);
    await tick();
    expect(seen).toEqual([['1']]);
    releaseFirst();
    await Promise.all([w1, w2]);
    // '1' failed once and came back at the front, before the records written while it was being processed.
    expect(seen).toEqual([['1'], ['1', '2', '3']]);
    stop();
    await sink.stop();
  });

  it('stop() waits for every record to be acknowledged', async () => {
    const sink = new MemorySink({ name: 'bad' });
    void sink.write([rec('x')]);
    let stopped = false;
    const stopping = sink.stop().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    expect(sink.takeAll().map((r) => r.data.toString())).toEqual(['x']);
    await stopping;
  });
});
