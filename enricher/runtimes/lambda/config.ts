/**
 * Lambda handler configuration. A Lambda is configured through its environment: the values below come from env
 * variables (set by the CDK app), optionally on top of a JSON/YAML file named by SLEET_ENRICHER_CONFIG (e.g. one
 * shipped in the bundle or a layer). Validated once per container, every problem reported at once.
 */
import { buildConfig, ConfigError, readConfigFile, type EnvOverride } from '../../../common/config/load-config';
import { AWS_SCHEMA, ENRICH_SCHEMA, LOGGING_SCHEMA, obj, OUTPUT_SCHEMA, outputProblems, type AwsConfig, type EnrichConfig, type LoggingConfig, type OutputConfig } from '../config-fragments';

export interface LambdaConfig {
  aws: AwsConfig;
  output: OutputConfig;
  positions: { type: 's3' | 'dynamodb' | 'none'; dynamodb: { tableName: string }; s3: { bucket: string; prefix: string } };
  retry: { maxAttempts: number; initialDelayMs: number; maxDelayMs: number };
  deadlineReserveMs: number;
  parallelizationFactor: number;
  enrich: EnrichConfig;
  logging: LoggingConfig;
}

export const LAMBDA_CONFIG_SCHEMA = obj('Sleet enricher Lambda (Kinesis event source mapping handler)', {
  aws: AWS_SCHEMA,
  output: OUTPUT_SCHEMA,
  positions: obj(
    "The handler's own per-shard position, on top of Lambda's checkpoint: ranges delivered again after they were written are skipped (no duplicates whatever the retries).",
    {
      type: { enum: ['s3', 'dynamodb', 'none'], default: 's3', description: 's3 (an object per shard), dynamodb (a table with hash key leaseKey) or none.' },
      dynamodb: obj('DynamoDB positions.', {
        tableName: { type: 'string', default: '', description: 'Table (hash key leaseKey, S). Env SLEET_ENRICHER_POSITION_TABLE.' },
      }),
      s3: obj('S3 positions: <prefix>/<stream>/<shardId>.json.', {
        bucket: { type: 'string', default: '', description: 'Bucket ("" = output.s3.bucket).' },
        prefix: { type: 'string', default: '_sleet/positions', description: 'Key prefix.' },
      }),
    },
  ),
  retry: obj('Retries of object writes inside one invocation; then the segment is reported as a batch item failure.', {
    maxAttempts: { type: 'integer', minimum: 1, default: 3, description: 'Attempts per object (the SDK retries each attempt too).' },
    initialDelayMs: { type: 'integer', minimum: 1, default: 100, description: 'First backoff.' },
    maxDelayMs: { type: 'integer', minimum: 1, default: 2000, description: 'Longest backoff.' },
  }),
  deadlineReserveMs: {
    type: 'integer',
    minimum: 0,
    default: 10_000,
    description: 'No new segment is started with less than this left in the invocation; the rest is reported for retry.',
  },
  parallelizationFactor: {
    type: 'integer',
    minimum: 1,
    maximum: 10,
    default: 1,
    description:
      "The event source mapping's ParallelizationFactor. Above 1, a shard's records are split over concurrent batches by partition key, so one position per shard would skip records of the other batches: the position store is then not used (keys stay exact per batch stream). Env SLEET_ENRICHER_PARALLELIZATION_FACTOR.",
  },
  enrich: ENRICH_SCHEMA,
  logging: LOGGING_SCHEMA,
});

export const LAMBDA_ENV_OVERRIDES: readonly EnvOverride[] = [
  { env: 'AWS_REGION', path: ['aws', 'region'], type: 'string' },
  { env: 'SLEET_ENRICHER_REGION', path: ['aws', 'region'], type: 'string' },
  { env: 'SLEET_ENRICHER_S3_ENDPOINT', path: ['aws', 'endpoints', 's3'], type: 'string' },
  { env: 'SLEET_ENRICHER_DYNAMODB_ENDPOINT', path: ['aws', 'endpoints', 'dynamodb'], type: 'string' },
  { env: 'SLEET_ENRICHER_BUCKET', path: ['output', 's3', 'bucket'], type: 'string' },
  { env: 'SLEET_ENRICHER_PREFIX', path: ['output', 'prefix'], type: 'string' },
  { env: 'SLEET_ENRICHER_POSITION_STORE', path: ['positions', 'type'], type: 'string' },
  { env: 'SLEET_ENRICHER_POSITION_TABLE', path: ['positions', 'dynamodb', 'tableName'], type: 'string' },
  { env: 'SLEET_ENRICHER_PARALLELIZATION_FACTOR', path: ['parallelizationFactor'], type: 'integer' },
  { env: 'SLEET_ENRICHER_RESOLVER_FILE', path: ['enrich', 'resolverConfigFile'], type: 'string' },
  { env: 'SLEET_ENRICHER_ENRICHMENTS_DIR', path: ['enrich', 'enrichmentsDir'], type: 'string' },
  { env: 'SLEET_ENRICHER_MAX_RECORD_BYTES', path: ['enrich', 'maxRecordBytes'], type: 'integer' },
  { env: 'SLEET_LOG_LEVEL', path: ['logging', 'level'], type: 'string' },
];

type Env = Readonly<Record<string, string | undefined>>;

export function loadLambdaConfig(env: Env): Readonly<LambdaConfig> {
  const file = env.SLEET_ENRICHER_CONFIG;
  const raw = file === undefined || file === '' ? {} : readConfigFile(file);
  // On Lambda, downloaded enrichment files can only go to /tmp.
  const defaults = { enrich: { enrichmentCacheDir: '/tmp/sleet-enrichment-files' } };
  const merged = { ...defaults, ...(raw as object), enrich: { ...defaults.enrich, ...((raw as { enrich?: object }).enrich ?? {}) } };
  const c = buildConfig<LambdaConfig>(merged, file ?? '<env>', { schema: LAMBDA_CONFIG_SCHEMA, envOverrides: LAMBDA_ENV_OVERRIDES, env });
  const problems = outputProblems(c.output);
  if (c.output.type !== 's3') problems.push('output.type: the Lambda handler writes to S3 only');
  if (c.positions.type === 'dynamodb' && c.positions.dynamodb.tableName === '') problems.push('positions.dynamodb.tableName: required (env SLEET_ENRICHER_POSITION_TABLE)');
  if (problems.length > 0) throw new ConfigError(file ?? '<env>', problems);
  return c;
}

/** The position store to use: none when the mapping splits shards over concurrent batches (see parallelizationFactor). */
export function effectivePositionStore(c: Readonly<LambdaConfig>): LambdaConfig['positions']['type'] {
  return c.parallelizationFactor > 1 ? 'none' : c.positions.type;
}
