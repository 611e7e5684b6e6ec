import { MemorySink } from '../sinks/memory-sink';
import type { SinkRecord } from '../sinks/sink';
import { InFlightBudget } from './in-flight-budget';
import { RecordGate } from './record-gate';

const rec = (bytes: number): SinkRecord => ({ data: Buffer.alloc(bytes), partitionKey: 'k' });

function setup(mode: 'durable' | 'buffered', capBytes = 1000, timeoutMs = 1000): { gate: RecordGate; good: MemorySink; bad: MemorySink; budget: InFlightBudget } {
  const good = new MemorySink({ name: 'good' });
  const bad = new MemorySink({ name: 'bad' });
  const budget = new InFlightBudget(capBytes);
  return { gate: new RecordGate({ good, bad, budget, mode, timeoutMs }), good, bad, budget };
}

describe('RecordGate', () => {
  it('durable: answers "stored" only once good and bad sinks both acknowledged, then frees the budget', async () => {
    const { gate, good, bad, budget } = setup('durable');
    const admission = gate.submit([rec(100)], [rec(50)], true) as Promise<string>;
    expect(budget.usedBytes).toBe(150);
    let result: string | undefined;
    void admission.then((a) => (result = a));
    good.takeAll();
    await new Promise((r) => setImmediate(r));
    expect(result).toBeUndefined();
    bad.takeAll();
    expect(await admission).toBe('stored');
    expect(budget.usedBytes).toBe(0);
  });

  it('durable: refuses at once while a sink is unhealthy; ends a wait when a sink turns unhealthy', async () => {
    const { gate, good } = setup('durable');
    const waiting = gate.submit([rec(10)], [], true) as Promise<string>;
    good.health.set(false);
    expect(await waiting).toBe('unhealthy');
    expect(gate.submit([rec(10)], [], true)).toBe('unhealthy');
    expect(gate.healthy()).toBe(false);
  });

  it('durable: ends the wait with "timeout" but keeps the records (and their bytes) until the sink has them', async () => {
    const { gate, good, budget } = setup('durable', 1000, 20);
    expect(await gate.submit([rec(10)], [], true)).toBe('timeout');
    expect(budget.usedBytes).toBe(10);
    expect(good.takeAll()).toHaveLength(1);
    await new Promise((r) => setImmediate(r));
    expect(budget.usedBytes).toBe(0);
  });

  it('refuses what would pass the in-flight cap, in both modes; buffered answers at once', () => {
    const durable = setup('durable', 100);
    void durable.gate.submit([rec(80)], [], true);
    expect(durable.gate.submit([rec(30)], [], true)).toBe('over-capacity');
    const buffered = setup('buffered', 100);
    buffered.good.health.set(false);
    expect(buffered.gate.submit([rec(80)], [], true)).toBe('queued');
    expect(buffered.gate.submit([rec(30)], [], true)).toBe('over-capacity');
  });

  it('after close() refuses every submit', () => {
    const { gate } = setup('buffered');
    gate.close();
    expect(gate.submit([rec(1)], [], true)).toBe('stopping');
  });
});
