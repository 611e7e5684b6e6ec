import { hourPartitionOr } from './hour-partition';
import type { EnrichedRecord } from './enriched-record';
import { objectKey, OutputKind } from './object-key';

/** One output object of a batch: every line of one kind and one hour, keyed by its first contributing record. */
export interface BatchObject {
  readonly key: string;
  readonly kind: OutputKind;
  /** `dt=YYYY-MM-DD/hr=HH`. */
  readonly partition: string;
  readonly firstSequenceNumber: string;
  /** Lines without newline, in input order. */
  readonly lines: readonly string[];
}

/** A closed range of consecutive records of one shard and the objects it produces. */
export interface SealedBatch {
  readonly stream: string;
  readonly shardId: string;
  readonly firstSequenceNumber: string;
  readonly lastSequenceNumber: string;
  readonly etlTimestamp: number;
  readonly objects: readonly BatchObject[];
  readonly records: number;
  readonly good: number;
  readonly bad: number;
  readonly dropped: number;
  readonly size: number;
  /** Wall clock (ms) when the first record was added: the age measure of the flush policy. */
  readonly openedAt: number;
}

export interface BatchBuilderOptions {
  /** Key prefix ('' for the root). */
  readonly prefix: string;
  readonly stream: string;
  readonly shardId: string;
}

interface Group {
  readonly kind: OutputKind;
  readonly partition: string;
  readonly firstSequenceNumber: string;
  readonly lines: string[];
}

/**
 * Accumulates consecutive records of one shard into a batch. The caller decides where batches end (hour change,
 * size, age); the builder only reports the cut it requires — a new hour, or a different `etl_tstamp` — and turns
 * a closed range into objects whose keys depend on nothing but the records in it.
 */
export class BatchBuilder {
  readonly #opts: BatchBuilderOptions;
  #groups = new Map<string, Group>();
  #first: string | undefined;
  #last: string | undefined;
  #partition: string | undefined;
  #etl: number | undefined;
  #openedAt = 0;
  #records = 0;
  #good = 0;
  #bad = 0;
  #dropped = 0;
  #size = 0;

  constructor(opts: BatchBuilderOptions) {
    this.#opts = opts;
  }

  get isEmpty(): boolean {
    return this.#records === 0;
  }
  get size(): number {
    return this.#size;
  }
  get records(): number {
    return this.#records;
  }
  get openedAt(): number {
    return this.#openedAt;
  }
  get firstSequenceNumber(): string | undefined {
    return this.#first;
  }
  get lastSequenceNumber(): string | undefined {
    return this.#last;
  }
  /** The `etl_tstamp` of the open batch, or undefined when empty. */
  get etlTimestamp(): number | undefined {
    return this.#etl;
  }

  /** True when `rec` cannot join the open batch: its hour differs, or it was enriched with another etl_tstamp. */
  needsCutBefore(rec: EnrichedRecord): boolean {
    if (this.isEmpty) return false;
    if (rec.etlTimestamp !== this.#etl) return true;
    return rec.partition !== undefined && this.#partition !== undefined && rec.partition !== this.#partition;
  }

  /** Adds the next record of the shard (sequence numbers must increase). */
  add(rec: EnrichedRecord, now: number): void {
    if (this.isEmpty) {
      this.#first = rec.sequenceNumber;
      this.#etl = rec.etlTimestamp;
      this.#openedAt = now;
    } else if (BigInt(rec.sequenceNumber) <= BigInt(this.#last!)) {
      throw new Error(`sequence number ${rec.sequenceNumber} does not follow ${this.#last}`);
    }
    this.#last = rec.sequenceNumber;
    this.#partition ??= rec.partition;
    this.#records++;
    this.#dropped += rec.dropped;
    this.#size += rec.size;
    for (const g of rec.good) {
      this.#line('good', hourPartitionOr(g.collectorTimestamp, rec.arrivalTimestamp), rec.sequenceNumber, g.tsv);
    }
    for (const b of rec.bad) {
      this.#line('bad', hourPartitionOr(b.partitionTimestamp, rec.arrivalTimestamp), rec.sequenceNumber, b.json);
    }
    this.#good += rec.good.length;
    this.#bad += rec.bad.length;
  }

  /** Closes the open batch and starts an empty one. Throws when empty. */
  seal(): SealedBatch {
    if (this.isEmpty) throw new Error('cannot seal an empty batch');
    const { prefix, stream, shardId } = this.#opts;
    const objects: BatchObject[] = [];
    for (const g of this.#groups.values()) {
      objects.push({
        key: objectKey({ prefix, kind: g.kind, partition: g.partition, stream, shardId, firstSequenceNumber: g.firstSequenceNumber }),
        kind: g.kind,
        partition: g.partition,
        firstSequenceNumber: g.firstSequenceNumber,
        lines: g.lines,
      });
    }
    const sealed: SealedBatch = {
      stream,
      shardId,
      firstSequenceNumber: this.#first!,
      lastSequenceNumber: this.#last!,
      etlTimestamp: this.#etl!,
      objects,
      records: this.#records,
      good: this.#good,
      bad: this.#bad,
      dropped: this.#dropped,
      size: this.#size,
      openedAt: this.#openedAt,
    };
    this.#reset();
    return sealed;
  }

  #line(kind: OutputKind, partition: string, seq: string, line: string): void {
    const id = `${kind} ${partition}`;
    let g = this.#groups.get(id);
    if (g === undefined) {
      g = { kind, partition, firstSequenceNumber: seq, lines: [] };
      this.#groups.set(id, g);
    }
    g.lines.push(line);
  }

  #reset(): void {
    this.#groups = new Map();
    this.#first = this.#last = this.#partition = this.#etl = undefined;
    this.#openedAt = this.#records = this.#good = this.#bad = this.#dropped = this.#size = 0;
  }
}
