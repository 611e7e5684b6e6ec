/**
 * The memory bound of the collector: bytes of request bodies being read plus bytes of records handed to the sinks
 * and not yet durable. A reservation that would pass the cap is refused and the request is answered 503, so memory
 * stays bounded whatever the load or the state of Kinesis.
 */
export class InFlightBudget {
  #used = 0;

  constructor(readonly capBytes: number) {}

  get usedBytes(): number {
    return this.#used;
  }

  tryReserve(bytes: number): boolean {
    if (this.#used + bytes > this.capBytes) return false;
    this.#used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#used -= bytes;
    if (this.#used < 0) this.#used = 0;
  }
}
