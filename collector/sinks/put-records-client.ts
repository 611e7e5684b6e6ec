/**
 * Kinesis PutRecords over plain node:http(s), for the collector's hot path: the JSON body is written directly
 * (base64 Data, the Kinesis JSON 1.1 protocol the SDK speaks), signed with SigV4 (./sigv4.ts) and sent on a
 * keep-alive agent. Same wire request as the SDK's PutRecordsCommand, at a fraction of its per-call CPU (the SDK's
 * schema serde, middleware stack and signer were most of the collector's per-request cost under load).
 *
 * It makes exactly one attempt: retries, backoff and partial failures are the sink's (kinesis-sink.ts). A refused
 * call rejects with an Error whose `name` is the Kinesis error type (`ProvisionedThroughputExceededException`…)
 * and `$metadata.httpStatusCode`, as the SDK's errors, so the sink classifies both the same way.
 */
import http from 'node:http';
import https from 'node:https';
import type { SinkRecord } from './sink';
import { SigningCredentials, SigV4Signer } from './sigv4';

export interface PutRecordsResultEntry {
  readonly SequenceNumber?: string;
  readonly ShardId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}

/** The PutRecords response (the fields the sink reads), as the SDK's PutRecordsCommandOutput has them. */
export interface PutRecordsResult {
  readonly FailedRecordCount?: number;
  readonly Records?: readonly PutRecordsResultEntry[];
}

/** One PutRecords attempt for the sink. */
export type PutRecordsCall = (streamName: string, records: readonly SinkRecord[]) => Promise<PutRecordsResult>;

export interface PutRecordsClientOptions {
  readonly region: string;
  /** `http(s)://host[:port]`; null → the regional AWS endpoint. */
  readonly endpoint: string | null;
  /** Resolves the credentials of each call (the SDK's memoised provider chain in production). */
  readonly credentials: () => Promise<SigningCredentials>;
  readonly requestTimeoutMs: number;
  readonly maxSockets: number;
}

export class KinesisRequestError extends Error {
  readonly $metadata: { readonly httpStatusCode: number };
  constructor(name: string, message: string, httpStatusCode: number) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode };
  }
}

/** The AWS endpoint of Kinesis in a region. */
export function regionalEndpoint(region: string): string {
  return `https://kinesis.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** Printable ASCII but `"` and backslash: written as is; anything else goes through JSON.stringify. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function jsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

const RECORD_OPEN = '{"Data":"';
const RECORD_KEY = '","PartitionKey":';

/**
 * `{"StreamName":…,"Records":[{"Data":"<base64>","PartitionKey":…},…]}`, written straight into one Buffer of the
 * exact size (a concatenated string would be flattened and UTF-8 encoded again: a fifth of a call's CPU).
 */
export function putRecordsBody(streamName: string, records: readonly SinkRecord[]): Buffer {
  const head = `{"StreamName":${jsonString(streamName)},"Records":[`;
  const keys = new Array<string>(records.length);
  let size = Buffer.byteLength(head) + 2 + Math.max(0, records.length - 1);
  for (let i = 0; i < records.length; i++) {
    const key = jsonString(records[i].partitionKey);
    keys[i] = key;
    size += RECORD_OPEN.length + 4 * Math.ceil(records[i].data.length / 3) + RECORD_KEY.length + Buffer.byteLength(key) + 1;
  }
  const buf = Buffer.allocUnsafe(size);
  let o = buf.write(head, 0, 'utf8');
  for (let i = 0; i < records.length; i++) {
    if (i > 0) buf[o++] = 0x2c; // ,
    o += buf.write(RECORD_OPEN, o, 'latin1');
    o += buf.write(records[i].data.toString('base64'), o, 'latin1');
    o += buf.write(RECORD_KEY, o, 'latin1');
    o += buf.write(keys[i], o, 'utf8');
    buf[o++] = 0x7d; // }
  }
  buf[o++] = 0x5d; // ]
  buf[o++] = 0x7d; // }
  return buf;
}

/** `__type` of a Kinesis JSON error (`com.amazonaws.kinesis.v20131202#ResourceNotFoundException` → the last part). */
function errorFrom(status: number, text: string): KinesisRequestError {
  let type = status >= 500 ? 'InternalFailure' : 'UnknownError';
  let message = text.slice(0, 200);
  try {
    const parsed = JSON.parse(text) as { __type?: unknown; message?: unknown; Message?: unknown };
    if (typeof parsed.__type === 'string') type = parsed.__type.slice(parsed.__type.lastIndexOf('#') + 1);
    const m = parsed.message ?? parsed.Message;
    if (typeof m === 'string') message = m;
  } catch {
    // Not JSON (a proxy's page): keep the status-based type.
  }
  return new KinesisRequestError(type, `PutRecords: HTTP ${status} ${type}: ${message}`, status);
}

export class PutRecordsClient {
  readonly #url: URL;
  readonly #transport: typeof http | typeof https;
  readonly #agent: http.Agent;
  readonly #signer: SigV4Signer;
  readonly #credentials: () => Promise<SigningCredentials>;
  readonly #timeoutMs: number;
  readonly #baseHeaders = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.PutRecords' };

  constructor(o: PutRecordsClientOptions) {
    this.#url = new URL(o.endpoint ?? regionalEndpoint(o.region));
    const secure = this.#url.protocol === 'https:';
    this.#transport = secure ? https : http;
    // noDelay: one request is headers + body in separate writes; Nagle would hold the body for a delayed ACK.
    const agentOptions = { keepAlive: true, maxSockets: o.maxSockets, noDelay: true };
    this.#agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.#signer = new SigV4Signer(o.region, 'kinesis');
    this.#credentials = o.credentials;
    this.#timeoutMs = o.requestTimeoutMs;
  }

  /** One PutRecords call; resolves with the per-record results, rejects when the whole call failed. */
  readonly putRecords: PutRecordsCall = async (streamName, records) => this.putRecordsAs(await this.#credentials(), streamName, records);

  /** The same with credentials resolved by the caller (the worker thread gets them with each call). */
  async putRecordsAs(credentials: SigningCredentials, streamName: string, records: readonly SinkRecord[]): Promise<PutRecordsResult> {
    const body = putRecordsBody(streamName, records);
    const headers = this.#signer.sign(this.#url.host, this.#baseHeaders, body, credentials, Date.now());
    const { status, text } = await this.#post(headers, body);
    if (status !== 200) throw errorFrom(status, text);
    return JSON.parse(text) as PutRecordsResult;
  }

  destroy(): void {
    this.#agent.destroy();
  }

  #post(headers: Readonly<Record<string, string>>, body: Buffer): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = this.#transport.request(
        {
          protocol: this.#url.protocol,
          hostname: this.#url.hostname,
          port: this.#url.port,
          method: 'POST',
          path: '/',
          agent: this.#agent,
          headers: { ...headers, 'content-length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(this.#timeoutMs, () => req.destroy(new KinesisRequestError('TimeoutError', `PutRecords: no answer within ${this.#timeoutMs} ms`, 0)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
