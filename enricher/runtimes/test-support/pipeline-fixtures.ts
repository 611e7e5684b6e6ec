/** Shared helpers of the runtime tests: raw records in, objects out, event ids counted. */
import { gunzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ENRICHED_FIELD_INDEX } from '../../../common/enriched-fields';
import { COLLECTOR_PAYLOAD_SCHEMA, encodeCollectorPayload } from '../../../common/thrift';
import type { EnrichDeps } from '../../api';
import { EMPTY_REGISTRY } from '../../enrichments/enrichment';
import type { IgluValidator } from '../../iglu/types';

/** A tp2 POST CollectorPayload carrying the given event ids (those in `invalid` get `e=invalid`: a bad row). */
export function rawPayload(eventIds: readonly string[], timestamp = Date.now(), invalid: ReadonlySet<string> = new Set()): Buffer {
  return encodeCollectorPayload({
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '10.0.0.1',
    timestamp,
    encoding: 'UTF-8',
    collector: 'sleet-test',
    path: '/com.snowplowanalytics.snowplow/tp2',
    contentType: 'application/json; charset=UTF-8',
    body: JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
      data: eventIds.map((eid) => ({ e: invalid.has(eid) ? 'invalid' : 'pv', eid, p: 'web', tv: 'js-4.10.1', url: 'http://example.com/' })),
    }),
    headers: ['Content-Type: application/json'],
  });
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Highest sequence number per shard. */
export function lastSequenceByShard(puts: readonly PutResult[]): Map<string, string> {
  const last = new Map<string, string>();
  for (const p of puts) {
    const cur = last.get(p.shardId);
    if (cur === undefined || BigInt(p.sequenceNumber) > BigInt(cur)) last.set(p.shardId, p.sequenceNumber);
  }
  return last;
}

export function newEventIds(n: number): string[] {
  return Array.from({ length: n }, () => randomUUID());
}

export interface PutResult {
  readonly sequenceNumber: string;
  readonly shardId: string;
}

/** PutRecords in chunks of ≤ 500; resolves with every record's position, in order of `records`. */
export async function putRecords(
  client: KinesisClient,
  stream: string,
  records: ReadonlyArray<{ data: Uint8Array; key: string }>,
): Promise<PutResult[]> {
  const seqs: PutResult[] = [];
  for (let i = 0; i < records.length; i += 500) {
    const chunk = records.slice(i, i + 500);
    const out = await client.send(
      new PutRecordsCommand({ StreamName: stream, Records: chunk.map((r) => ({ Data: r.data, PartitionKey: r.key })) }),
    );
    if ((out.FailedRecordCount ?? 0) > 0) throw new Error(`PutRecords: ${out.FailedRecordCount} failed`);
    for (const r of out.Records ?? []) seqs.push({ sequenceNumber: r.SequenceNumber!, shardId: r.ShardId! });
  }
  return seqs;
}

/** Every object under `prefix`: key → gunzipped lines. */
export async function readObjects(s3: S3Client, bucket: string, prefix = ''): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }));
      const bytes = Buffer.from(await obj.Body!.transformToByteArray());
      out.set(o.Key!, splitLines(gunzipSync(bytes).toString('utf8')));
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return out;
}

export function splitLines(text: string): string[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error('object does not end with a newline');
  return text.slice(0, -1).split('\n');
}

/**
 * Occurrences of each event id: in good objects (the event_id column of the TSV lines) and in bad objects (the
 * `eventId` the test EnrichPayload puts into its schema_violations rows).
 */
export function countEventIds(objects: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [key, lines] of objects) {
    const good = key.includes('good/');
    for (const line of lines) {
      const id = good ? line.split('\t')[ENRICHED_FIELD_INDEX.event_id] : /"eventId":"([^"]+)"/.exec(line)?.[1];
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

/** Lost and duplicated ids of `expected` in `counts`. */
export function exactlyOnceReport(expected: Iterable<string>, counts: ReadonlyMap<string, number>): { expected: number; lost: number; duplicated: number; unexpected: number } {
  const want = new Set(expected);
  let lost = 0;
  let duplicated = 0;
  for (const id of want) {
    const n = counts.get(id) ?? 0;
    if (n === 0) lost++;
    if (n > 1) duplicated += n - 1;
  }
  let unexpected = 0;
  for (const id of counts.keys()) if (!want.has(id)) unexpected++;
  return { expected: want.size, lost, duplicated, unexpected };
}

const NO_IGLU: IgluValidator = {
  validate: async () => ({ ok: true }),
  validateCached: () => ({ ok: true }),
  lookupSchema: async () => null,
};

/** EnrichDeps for the narrow test EnrichPayload (it uses only `processor`). */
export const TEST_ENRICH_DEPS: EnrichDeps = {
  iglu: NO_IGLU,
  enrichments: EMPTY_REGISTRY,
  processor: { artifact: 'sleet', version: 'test' },
  maxRecordBytes: 1_000_000,
};
