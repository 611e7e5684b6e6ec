/**
 * The collector's configuration: one JSON Schema (draft-07) that is the single source of defaults, units and
 * meanings. `--help`, reference.yaml and docs/collector.md describe exactly these keys. Units are in the names.
 * Snowplow's names (spec/collector.md §6) are kept where the concept is the same.
 */
import type { EnvOverride } from '../../common/config/load-config';

export type AckMode = 'durable' | 'buffered';
export type SameSite = 'None' | 'Lax' | 'Strict';
export type SinkType = 'kinesis' | 'file';

export interface CollectorConfig {
  interface: string;
  port: number;
  paths: Readonly<Record<string, string>>;
  cookie: {
    enabled: boolean;
    name: string;
    expirationSecs: number;
    domains: readonly string[];
    fallbackDomain: string | null;
    secure: boolean;
    httpOnly: boolean;
    sameSite: SameSite;
    clientCookieName: string | null;
  };
  doNotTrackCookie: { enabled: boolean; name: string; value: string };
  cookieBounce: { enabled: boolean; name: string; fallbackNetworkUserId: string; forwardedProtocolHeader: string | null };
  enableDefaultRedirect: boolean;
  redirectDomains: readonly string[];
  rootResponse: { enabled: boolean; statusCode: number; headers: Readonly<Record<string, string>>; body: string };
  crossDomain: { enabled: boolean; domains: readonly string[]; secure: boolean };
  cors: { accessControlMaxAgeSecs: number };
  hsts: { enabled: boolean; maxAgeSecs: number };
  networking: {
    maxConnections: number;
    keepAliveTimeoutSecs: number;
    headersTimeoutSecs: number;
    requestTimeoutSecs: number;
    maxRequestLineBytes: number;
    maxHeadersBytes: number;
    maxPayloadBytes: number;
    dropPayloadBytes: number;
  };
  ack: { mode: AckMode; maxInFlightBytes: number; timeoutMs: number; retryAfterSecs: number };
  shutdownTimeoutSecs: number;
  sink: {
    type: SinkType;
    maxRecordBytes: number;
    useIpAddressAsPartitionKey: boolean;
    kinesis: {
      region: string;
      endpoint: string | null;
      goodStream: string;
      badStream: string;
      maxRecordsPerCall: number;
      maxBytesPerCall: number;
      lingerMs: number;
      maxConcurrentCalls: number;
      minBackoffMs: number;
      maxBackoffMs: number;
      maxRetries: number;
      healthCheckIntervalMs: number;
      requestTimeoutMs: number;
    };
    file: { directory: string; fsync: boolean };
  };
  metrics: { enabled: boolean; port: number | null; interface: string; path: string };
  logging: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
}

/** A header value or cookie attribute from config: printable ASCII only, so it can never split a header. */
const HEADER_SAFE = '^[\\x20-\\x7e]*$';
/** A host name as configured (no scheme, no port, no leading dot). */
const HOST_NAME = '^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$';
/** A cookie name: an RFC 6265 token. */
const COOKIE_NAME = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
/** A two-segment path such as /com.acme/track. */
const TWO_SEGMENTS = '^/[^/?#\\s]+/[^/?#\\s]+$';
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const MIB = 1024 * 1024;

function obj(description: string, properties: Record<string, object>, extra: object = {}): object {
  return { type: 'object', description, additionalProperties: false, default: {}, properties, ...extra };
}

export const COLLECTOR_CONFIG_SCHEMA = obj('Sleet collector configuration', {
  interface: { type: 'string', default: '0.0.0.0', description: 'Address the HTTP server binds to.' },
  port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080, description: 'HTTP port (0 = ephemeral). Env SLEET_COLLECTOR_PORT.' },
  paths: {
    type: 'object',
    default: {},
    description: 'Custom path mappings, two-segment path → two-segment path, e.g. "/com.acme/track": "/com.snowplowanalytics.snowplow/tp2". The mapped path is what is stored.',
    propertyNames: { pattern: TWO_SEGMENTS },
    additionalProperties: { type: 'string', pattern: TWO_SEGMENTS },
  },
  cookie: obj('The network user id cookie (spec §2.1).', {
    enabled: { type: 'boolean', default: true, description: 'Set the network cookie on tracking responses.' },
    name: { type: 'string', pattern: COOKIE_NAME, default: 'sp', description: 'Cookie name.' },
    expirationSecs: { type: 'integer', minimum: 1, default: 31_536_000, description: 'Cookie lifetime in seconds (365 days).' },
    domains: {
      type: 'array',
      items: { type: 'string', pattern: HOST_NAME },
      default: [],
      description: 'Cookie domains, without leading dot; the first one matching a request Origin host (equal or a subdomain) is used.',
    },
    fallbackDomain: { type: ['string', 'null'], pattern: HOST_NAME, default: null, description: 'Domain used when no configured domain matches the Origin; null = no Domain attribute.' },
    secure: { type: 'boolean', default: true, description: 'Secure attribute (always set when sameSite is None).' },
    httpOnly: { type: 'boolean', default: true, description: 'HttpOnly attribute.' },
    sameSite: { enum: ['None', 'Lax', 'Strict'], default: 'None', description: 'SameSite attribute.' },
    clientCookieName: {
      type: ['string', 'null'],
      pattern: COOKIE_NAME,
      default: null,
      description: 'Name of a second cookie with the same value and no HttpOnly, readable by JavaScript; null = none.',
    },
  }),
  doNotTrackCookie: obj('Requests carrying this cookie are answered normally but not stored (spec §2.5).', {
    enabled: { type: 'boolean', default: false, description: 'Honour the do-not-track cookie.' },
    name: { type: 'string', default: '', description: 'Cookie name (exact).' },
    value: { type: 'string', default: '', description: 'Regular expression the cookie value must fully match.' },
  }),
  cookieBounce: obj('Third-party cookie detection by redirecting once (spec §2.6).', {
    enabled: { type: 'boolean', default: false, description: 'Bounce pixel requests that carry no network user id.' },
    name: { type: 'string', pattern: '^[A-Za-z0-9_.~-]+$', default: 'n3pc', description: 'Query parameter marking a bounced request.' },
    fallbackNetworkUserId: { type: 'string', pattern: UUID, default: '00000000-0000-4000-A000-000000000000', description: 'Network user id stored when the cookie did not come back.' },
    forwardedProtocolHeader: { type: ['string', 'null'], pattern: COOKIE_NAME, default: null, description: 'Header (e.g. X-Forwarded-Proto) giving the scheme for absolute bounce locations.' },
  }),
  enableDefaultRedirect: { type: 'boolean', default: false, description: 'Serve /r/tp2 click redirects (requires redirectDomains).' },
  redirectDomains: {
    type: 'array',
    items: { type: 'string', pattern: HOST_NAME },
    default: [],
    description: 'Hosts a redirect may go to (exact match). Unlike Snowplow, an empty list allows no redirect at all: Sleet is never an open redirect.',
  },
  rootResponse: obj('Response to GET /.', {
    enabled: { type: 'boolean', default: false, description: 'Answer GET / (else 404).' },
    statusCode: { type: 'integer', minimum: 200, maximum: 599, default: 302, description: 'Status code.' },
    headers: {
      type: 'object',
      default: {},
      propertyNames: { pattern: COOKIE_NAME },
      additionalProperties: { type: 'string', pattern: HEADER_SAFE },
      description: 'Response headers, e.g. {"Location": "https://example.com/"}.',
    },
    body: { type: 'string', default: '', description: 'Response body.' },
  }),
  crossDomain: obj('GET /crossdomain.xml (Flash policy).', {
    enabled: { type: 'boolean', default: false, description: 'Serve /crossdomain.xml (else 404).' },
    domains: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9*.:-]+$' }, default: ['*'], description: 'allow-access-from domains.' },
    secure: { type: 'boolean', default: true, description: 'secure attribute of each entry.' },
  }),
  cors: obj('CORS (spec §3).', {
    accessControlMaxAgeSecs: { type: 'integer', minimum: -1, default: 3600, description: 'Access-Control-Max-Age of preflight answers (-1 disables caching).' },
  }),
  hsts: obj('Strict-Transport-Security on every response.', {
    enabled: { type: 'boolean', default: false, description: 'Send Strict-Transport-Security.' },
    maxAgeSecs: { type: 'integer', minimum: 0, default: 31_536_000, description: 'max-age in seconds (365 days).' },
  }),
  networking: obj('HTTP server limits.', {
    maxConnections: { type: 'integer', minimum: 1, default: 1024, description: 'Maximum open connections; more are refused.' },
    keepAliveTimeoutSecs: { type: 'integer', minimum: 1, default: 65, description: 'Idle keep-alive timeout; keep it above the load balancer idle timeout (ALB: 60 s).' },
    headersTimeoutSecs: { type: 'integer', minimum: 1, default: 20, description: 'Time allowed to receive the request headers (slow clients get 408).' },
    requestTimeoutSecs: { type: 'integer', minimum: 1, default: 30, description: 'Time allowed to receive the whole request, body included (then 408).' },
    maxRequestLineBytes: { type: 'integer', minimum: 256, default: 20_480, description: 'Longest request target (path + query) accepted; longer → 400.' },
    maxHeadersBytes: { type: 'integer', minimum: 1024, default: 40_960, description: 'Largest header section accepted; larger → 400.' },
    maxPayloadBytes: { type: 'integer', minimum: 1, default: 1_048_576, description: 'Serialized payloads above this become a size_violation bad row (still 200).' },
    dropPayloadBytes: { type: 'integer', minimum: 1, default: 2_097_152, description: 'Bodies above this are refused with 413 and not read.' },
  }),
  ack: obj('When a tracking request is answered (docs/collector.md, "Durability").', {
    mode: {
      enum: ['durable', 'buffered'],
      default: 'durable',
      description: 'durable: 200 only once the sink accepted the record, else 503 + Retry-After. buffered: 200 once queued (Snowplow-like), 503 only when the buffer is full.',
    },
    maxInFlightBytes: { type: 'integer', minimum: 65_536, default: 64 * MIB, description: 'Cap on bytes held (request bodies being read + records not yet in the sink); above it requests get 503.' },
    timeoutMs: { type: 'integer', minimum: 1, default: 4000, description: 'durable: answer 503 if the record is not accepted within this time (the JS tracker gives up after 5 s).' },
    retryAfterSecs: { type: 'integer', minimum: 0, default: 5, description: 'Retry-After of 503 answers.' },
  }),
  shutdownTimeoutSecs: { type: 'integer', minimum: 1, default: 30, description: 'On SIGTERM: refuse new requests, flush, and exit within this time.' },
  sink: obj('Where records go.', {
    type: { enum: ['kinesis', 'file'], default: 'kinesis', description: 'kinesis: AWS Kinesis Data Streams. file: base64 lines in a local directory (tests, local runs).' },
    maxRecordBytes: { type: 'integer', minimum: 1024, maximum: 1_048_320, default: 1_000_000, description: 'Largest record; bigger payloads are split (POST) or become size_violation bad rows.' },
    useIpAddressAsPartitionKey: { type: 'boolean', default: false, description: 'Partition key = client IP instead of a random UUID.' },
    kinesis: obj('Kinesis sink.', {
      region: { type: 'string', minLength: 1, default: 'eu-central-1', description: 'AWS region. Env SLEET_COLLECTOR_REGION.' },
      endpoint: { type: ['string', 'null'], default: null, description: 'Custom endpoint URL (e.g. kinesalite, LocalStack). Env SLEET_COLLECTOR_KINESIS_ENDPOINT.' },
      goodStream: { type: 'string', default: '', description: 'Stream for CollectorPayloads (required). Env SLEET_COLLECTOR_GOOD_STREAM.' },
      badStream: { type: 'string', default: '', description: 'Stream for bad rows (required). Env SLEET_COLLECTOR_BAD_STREAM.' },
      maxRecordsPerCall: { type: 'integer', minimum: 1, maximum: 500, default: 500, description: 'Records per PutRecords call (Kinesis limit 500).' },
      maxBytesPerCall: { type: 'integer', minimum: 1_048_576, maximum: 5 * MIB, default: 5 * MIB, description: 'Data + partition key bytes per PutRecords call (Kinesis limit 5 MiB).' },
      lingerMs: { type: 'integer', minimum: 0, default: 10, description: 'How long a batch may wait for more records while another call is in flight; an idle sink sends at once.' },
      maxConcurrentCalls: { type: 'integer', minimum: 1, maximum: 64, default: 4, description: 'PutRecords calls in flight per stream.' },
      minBackoffMs: { type: 'integer', minimum: 1, default: 200, description: 'First retry delay of failed records.' },
      maxBackoffMs: { type: 'integer', minimum: 1, default: 2000, description: 'Largest retry delay (exponential backoff with jitter in between).' },
      maxRetries: { type: 'integer', minimum: 0, default: 3, description: 'Retries after which the stream is reported unhealthy (records are still retried, never dropped).' },
      healthCheckIntervalMs: { type: 'integer', minimum: 50, default: 1000, description: 'Interval of DescribeStreamSummary checks while the stream is unhealthy or starting.' },
      requestTimeoutMs: { type: 'integer', minimum: 100, default: 10_000, description: 'Timeout of one Kinesis HTTP call.' },
    }),
    file: obj('File sink: one base64 line per record (Snowplow stdout format) in good.b64 and bad.jsonl.', {
      directory: { type: 'string', minLength: 1, default: './sleet-data/collector', description: 'Directory, created if missing.' },
      fsync: { type: 'boolean', default: true, description: 'fdatasync before acknowledging.' },
    }),
  }),
  metrics: obj('Prometheus metrics.', {
    enabled: { type: 'boolean', default: true, description: 'Serve metrics.' },
    port: { type: ['integer', 'null'], minimum: 0, maximum: 65535, default: 9464, description: 'Separate metrics port; null = serve metrics.path on the main port.' },
    interface: { type: 'string', default: '0.0.0.0', description: 'Address the metrics server binds to.' },
    path: { type: 'string', pattern: '^/[A-Za-z0-9_./-]*$', default: '/metrics', description: 'Metrics path.' },
  }),
  logging: obj('Logs (pino JSON on stdout).', {
    level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', description: 'Log level.' },
  }),
});

/** Per-environment values deployers override without editing the file. */
export const COLLECTOR_ENV_OVERRIDES: readonly EnvOverride[] = [
  { env: 'SLEET_COLLECTOR_PORT', path: ['port'], type: 'integer' },
  { env: 'SLEET_COLLECTOR_GOOD_STREAM', path: ['sink', 'kinesis', 'goodStream'], type: 'string' },
  { env: 'SLEET_COLLECTOR_BAD_STREAM', path: ['sink', 'kinesis', 'badStream'], type: 'string' },
  { env: 'SLEET_COLLECTOR_REGION', path: ['sink', 'kinesis', 'region'], type: 'string' },
  { env: 'SLEET_COLLECTOR_KINESIS_ENDPOINT', path: ['sink', 'kinesis', 'endpoint'], type: 'string' },
];
