/**
 * The worker thread behind put-records-thread.ts: receives PutRecords calls (records packed in one transferred
 * buffer), makes them with the lean client (body, SigV4, HTTP, response parsing all happen here, off the thread
 * that serves tracking requests) and posts back the per-record outcome or the error. Entry point of a Worker only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PutRecordsClient } from './put-records-client';
import type { CallMessage, ReplyMessage, WorkerOptions } from './put-records-messages';
import type { SinkRecord } from './sink';

const options = workerData as WorkerOptions;
const client = new PutRecordsClient({ ...options, credentials: () => Promise.reject(new Error('credentials come with each call')) });
const port = parentPort!;

function unpack(m: CallMessage): SinkRecord[] {
  const records = new Array<SinkRecord>(m.sizes.length);
  let at = 0;
  for (let i = 0; i < m.sizes.length; i++) {
    records[i] = { data: Buffer.from(m.data, at, m.sizes[i]), partitionKey: m.keys[i] };
    at += m.sizes[i];
  }
  return records;
}

function reply(m: CallMessage, out: { FailedRecordCount?: number; Records?: ReadonlyArray<{ SequenceNumber?: string; ErrorCode?: string }> }): ReplyMessage {
  const n = m.sizes.length;
  if (!out.FailedRecordCount && (out.Records?.length ?? 0) === n) return { id: m.id, stored: n };
  return { id: m.id, result: { FailedRecordCount: out.FailedRecordCount, Records: (out.Records ?? []).map((r) => ({ SequenceNumber: r.SequenceNumber, ErrorCode: r.ErrorCode })) } };
}

function failure(m: CallMessage, err: unknown): ReplyMessage {
  const e = err as { name?: unknown; message?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } } | undefined;
  return {
    id: m.id,
    error: {
      name: typeof e?.name === 'string' ? e.name : 'Error',
      message: typeof e?.message === 'string' ? e.message : String(err),
      code: typeof e?.code === 'string' ? e.code : undefined,
      httpStatusCode: typeof e?.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined,
    },
  };
}

port.on('message', (m: CallMessage) => {
  client.putRecordsAs(m.credentials, m.stream, unpack(m)).then(
    (out) => port.postMessage(reply(m, out)),
    (err: unknown) => port.postMessage(failure(m, err)),
  );
});
