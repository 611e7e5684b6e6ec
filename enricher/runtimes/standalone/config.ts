/**
 * `sleet enricher` configuration: one JSON Schema with every default (enricher/config/reference.yaml shows them all,
 * minimal.yaml the few a deployment must set). Validated once, every problem reported at once, frozen.
 */
import { buildConfig, ConfigError, readConfigFile, type EnvOverride } from '../../../common/config/load-config';
import {
  AWS_SCHEMA,
  ENRICH_SCHEMA,
  LOGGING_SCHEMA,
  obj,
  OUTPUT_SCHEMA,
  outputProblems,
  type AwsConfig,
  type EnrichConfig,
  type LoggingConfig,
  type OutputConfig,
} from '../config-fragments';

export interface StandaloneConfig {
  input: {
    streamName: string;
    initialPosition: 'TRIM_HORIZON' | 'LATEST';
    maxRecordsPerRead: number;
    idlePollMillis: number;
    minReadIntervalMillis: number;
    shardDiscoveryIntervalSecs: number;
  };
  aws: AwsConfig;
  output: OutputConfig;
  batching: { flushMaxAgeSecs: number; flushMaxBytes: number };
  checkpoints: {
    type: 'dynamodb' | 's3';
    dynamodb: { tableName: string; createTable: boolean };
    s3: { bucket: string; prefix: string };
  };
  retry: { initialDelayMs: number; maxDelayMs: number };
  enrich: EnrichConfig;
  metrics: { enabled: boolean; interface: string; port: number; path: string };
  logging: LoggingConfig;
  shutdownTimeoutSecs: number;
}

export const STANDALONE_CONFIG_SCHEMA = obj('Sleet standalone enricher (sleet enricher)', {
  input: obj('The raw Kinesis stream written by the collector.', {
    streamName: { type: 'string', default: '', description: 'Stream name (required). Env SLEET_ENRICHER_STREAM.' },
    initialPosition: {
      enum: ['TRIM_HORIZON', 'LATEST'],
      default: 'TRIM_HORIZON',
      description: 'Where a shard without checkpoint starts: TRIM_HORIZON (oldest record kept) or LATEST.',
    },
    maxRecordsPerRead: { type: 'integer', minimum: 1, maximum: 10_000, default: 10_000, description: 'GetRecords Limit.' },
    idlePollMillis: { type: 'integer', minimum: 0, default: 1000, description: 'Wait after a read that returned nothing.' },
    minReadIntervalMillis: {
      type: 'integer',
      minimum: 0,
      default: 200,
      description: 'Minimum spacing of reads on one shard (Kinesis allows 5 GetRecords per second per shard in total).',
    },
    shardDiscoveryIntervalSecs: { type: 'number', exclusiveMinimum: 0, default: 30, description: 'How often ListShards looks for new shards (after a split or merge).' },
  }),
  aws: AWS_SCHEMA,
  output: OUTPUT_SCHEMA,
  batching: obj('When a batch (the objects of one shard and hour) is closed besides the hour change.', {
    flushMaxAgeSecs: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 30,
      description: 'Close a batch this long after its first record was read (freshness: objects appear within ~age + upload time).',
    },
    flushMaxBytes: { type: 'integer', minimum: 1, default: 32 * 1024 * 1024, description: 'Close a batch at this much output text (memory bound per shard).' },
  }),
  checkpoints: obj('Per-shard checkpoints, written only after a batch is durable.', {
    type: { enum: ['dynamodb', 's3'], default: 'dynamodb', description: 'dynamodb (a table, conditional writes) or s3 (one object per shard).' },
    dynamodb: obj('DynamoDB checkpoints: table with hash key leaseKey (S).', {
      tableName: { type: 'string', default: '', description: 'Table name (required for type dynamodb). Env SLEET_ENRICHER_CHECKPOINT_TABLE.' },
      createTable: { type: 'boolean', default: false, description: 'Create the table (on-demand) when missing.' },
    }),
    s3: obj('S3 checkpoints: <prefix>/<stream>/<shardId>.json.', {
      bucket: { type: 'string', default: '', description: 'Bucket (default: output.s3.bucket).' },
      prefix: { type: 'string', default: '_sleet/checkpoints', description: 'Key prefix.' },
    }),
  }),
  retry: obj('Retries of object and checkpoint writes: exponential backoff with jitter, until success or shutdown.', {
    initialDelayMs: { type: 'integer', minimum: 1, default: 200, description: 'First backoff.' },
    maxDelayMs: { type: 'integer', minimum: 1, default: 20_000, description: 'Longest backoff.' },
  }),
  enrich: ENRICH_SCHEMA,
  metrics: obj('Prometheus metrics over HTTP.', {
    enabled: { type: 'boolean', default: true, description: 'Serve metrics.' },
    interface: { type: 'string', default: '0.0.0.0', description: 'Bind address.' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 9102, description: 'Port (0 = ephemeral).' },
    path: { type: 'string', pattern: '^/', default: '/metrics', description: 'Path.' },
  }),
  logging: LOGGING_SCHEMA,
  shutdownTimeoutSecs: {
    type: 'integer',
    minimum: 1,
    default: 60,
    description: 'On SIGTERM/SIGINT: time to flush open batches; past it, what is not committed is rebuilt on the next start.',
  },
});

export const STANDALONE_ENV_OVERRIDES: readonly EnvOverride[] = [
  { env: 'SLEET_ENRICHER_STREAM', path: ['input', 'streamName'], type: 'string' },
  { env: 'SLEET_ENRICHER_REGION', path: ['aws', 'region'], type: 'string' },
  { env: 'SLEET_ENRICHER_KINESIS_ENDPOINT', path: ['aws', 'endpoints', 'kinesis'], type: 'string' },
  { env: 'SLEET_ENRICHER_S3_ENDPOINT', path: ['aws', 'endpoints', 's3'], type: 'string' },
  { env: 'SLEET_ENRICHER_DYNAMODB_ENDPOINT', path: ['aws', 'endpoints', 'dynamodb'], type: 'string' },
  { env: 'SLEET_ENRICHER_BUCKET', path: ['output', 's3', 'bucket'], type: 'string' },
  { env: 'SLEET_ENRICHER_PREFIX', path: ['output', 'prefix'], type: 'string' },
  { env: 'SLEET_ENRICHER_CHECKPOINT_TABLE', path: ['checkpoints', 'dynamodb', 'tableName'], type: 'string' },
  { env: 'SLEET_LOG_LEVEL', path: ['logging', 'level'], type: 'string' },
];

type Env = Readonly<Record<string, string | undefined>>;

export function loadStandaloneConfig(file: string | undefined, env: Env = {}): Readonly<StandaloneConfig> {
  const raw = file === undefined ? {} : readConfigFile(file);
  return buildStandaloneConfig(raw, file ?? '<defaults>', env);
}

export function buildStandaloneConfig(raw: unknown, source = '<object>', env: Env = {}): Readonly<StandaloneConfig> {
  const c = buildConfig<StandaloneConfig>(raw, source, { schema: STANDALONE_CONFIG_SCHEMA, envOverrides: STANDALONE_ENV_OVERRIDES, env });
  const problems: string[] = [];
  if (c.input.streamName === '') problems.push('input.streamName: required (or env SLEET_ENRICHER_STREAM)');
  problems.push(...outputProblems(c.output));
  if (c.checkpoints.type === 'dynamodb' && c.checkpoints.dynamodb.tableName === '') {
    problems.push('checkpoints.dynamodb.tableName: required when checkpoints.type is dynamodb (or env SLEET_ENRICHER_CHECKPOINT_TABLE)');
  }
  if (c.checkpoints.type === 's3' && c.checkpoints.s3.bucket === '' && c.output.s3.bucket === '') {
    problems.push('checkpoints.s3.bucket: required when checkpoints.type is s3 and output.s3.bucket is not set');
  }
  if (c.retry.maxDelayMs < c.retry.initialDelayMs) problems.push('retry.maxDelayMs: must be at least retry.initialDelayMs');
  if (problems.length > 0) throw new ConfigError(source, problems);
  return c;
}
