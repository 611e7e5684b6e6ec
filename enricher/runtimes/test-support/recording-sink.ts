import type { ObjectSink } from '../../sinks/object-sink';

export interface RecordedPut {
  readonly key: string;
  readonly body: Buffer;
}

/**
 * Wraps a real sink and records every successful put in order; `failAfter` makes every put after the n-th fail
 * (a process that dies half-way through a batch).
 */
export class RecordingSink implements ObjectSink {
  readonly puts: RecordedPut[] = [];
  failAfter = Infinity;
  #attempts = 0;

  constructor(private readonly inner: ObjectSink) {}

  get description(): string {
    return this.inner.description;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    if (++this.#attempts > this.failAfter) throw new Error('injected failure: process gone');
    await this.inner.put(key, body, contentType);
    this.puts.push({ key, body });
  }

  async delete(key: string): Promise<void> {
    await this.inner.delete(key);
  }
}
