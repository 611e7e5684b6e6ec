/** What the collector's thread and the PutRecords worker thread (put-records-worker.ts) send each other. */
import type { PutRecordsResult } from './put-records-client';
import type { SigningCredentials } from './sigv4';

export interface WorkerOptions {
  readonly region: string;
  readonly endpoint: string | null;
  readonly requestTimeoutMs: number;
  readonly maxSockets: number;
}

export interface CallMessage {
  readonly id: number;
  readonly stream: string;
  readonly credentials: SigningCredentials;
  /** Every record's data, back to back (transferred, not copied). */
  readonly data: ArrayBuffer;
  readonly sizes: readonly number[];
  readonly keys: readonly string[];
}

export interface ErrorShape {
  readonly name: string;
  readonly message: string;
  /** Node's network error code (ECONNREFUSED…). */
  readonly code: string | undefined;
  readonly httpStatusCode: number | undefined;
}

/** `stored`: every record stored (the usual answer, kept small); else the per-record results or the error. */
export type ReplyMessage =
  | { readonly id: number; readonly stored: number }
  | { readonly id: number; readonly result: PutRecordsResult }
  | { readonly id: number; readonly error: ErrorShape };
