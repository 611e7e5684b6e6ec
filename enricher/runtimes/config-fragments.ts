/**
 * JSON Schema fragments shared by the enricher runtimes' configs (standalone consumer, Lambda): AWS access, output,
 * enrichment inputs. Units are in the names; every key has a default and a description (rendered by --help).
 */
export function obj(description: string, properties: Record<string, object>, extra: object = {}): object {
  return { type: 'object', description, additionalProperties: false, default: {}, properties, ...extra };
}

const URL_OR_NULL = { type: ['string', 'null'], pattern: '^https?://[^\\s]+$', default: null };
const MIB = 1024 * 1024;

export interface AwsConfig {
  region: string;
  endpoints: { kinesis: string | null; s3: string | null; dynamodb: string | null };
  s3ForcePathStyle: boolean;
}

export const AWS_SCHEMA = obj('AWS access. Credentials come from the default provider chain (env, profile, instance/task role).', {
  region: { type: 'string', minLength: 1, default: 'us-east-1', description: 'AWS region of the stream, bucket and table. Env SLEET_ENRICHER_REGION.' },
  endpoints: obj('Custom endpoints (local emulators, VPC endpoints); null = the AWS default.', {
    kinesis: { ...URL_OR_NULL, description: 'Kinesis endpoint URL. Env SLEET_ENRICHER_KINESIS_ENDPOINT.' },
    s3: { ...URL_OR_NULL, description: 'S3 endpoint URL. Env SLEET_ENRICHER_S3_ENDPOINT.' },
    dynamodb: { ...URL_OR_NULL, description: 'DynamoDB endpoint URL. Env SLEET_ENRICHER_DYNAMODB_ENDPOINT.' },
  }),
  s3ForcePathStyle: { type: 'boolean', default: false, description: 'Path-style S3 URLs (needed by most S3 emulators).' },
});

export type OutputType = 's3' | 'local';

export interface OutputConfig {
  type: OutputType;
  prefix: string;
  gzipLevel: number;
  s3: { bucket: string; multipartThresholdBytes: number; partSizeBytes: number };
  local: { directory: string };
}

export const OUTPUT_SCHEMA = obj('Where enriched events (good/) and bad rows (bad/) go; same layout in S3 and on disk.', {
  type: { enum: ['s3', 'local'], default: 's3', description: 's3 (a bucket) or local (a directory with the same layout).' },
  prefix: {
    type: 'string',
    pattern: '^[A-Za-z0-9!_.*\'()/=-]*$',
    default: 'enriched',
    description: 'Key prefix: objects are <prefix>/good/dt=YYYY-MM-DD/hr=HH/… and <prefix>/bad/…. Env SLEET_ENRICHER_PREFIX.',
  },
  gzipLevel: { type: 'integer', minimum: 1, maximum: 9, default: 6, description: 'gzip level of the objects.' },
  s3: obj('S3 output.', {
    bucket: { type: 'string', default: '', description: 'Bucket name (required for type s3). Env SLEET_ENRICHER_BUCKET.' },
    multipartThresholdBytes: { type: 'integer', minimum: 5 * MIB, default: 16 * MIB, description: 'Objects at or above this size use a multipart upload.' },
    partSizeBytes: { type: 'integer', minimum: 5 * MIB, default: 8 * MIB, description: 'Multipart part size.' },
  }),
  local: obj('Local-directory output.', {
    directory: { type: 'string', minLength: 1, default: './sleet-data', description: 'Output directory (created when missing).' },
  }),
});

export interface EnrichConfig {
  resolverConfigFile: string | null;
  enrichmentsDir: string | null;
  enrichmentCacheDir: string;
  enrichmentFilesRefreshSecs: number;
  maxRecordBytes: number;
}

export const ENRICH_SCHEMA = obj('Inputs of the enrichment core.', {
  resolverConfigFile: {
    type: ['string', 'null'],
    default: null,
    description: "Snowplow Iglu resolver config (JSON); null = Sleet's default (its own schemas, then Iglu Central over HTTP).",
  },
  enrichmentsDir: {
    type: ['string', 'null'],
    default: null,
    description: "Directory of Snowplow enrichment configs (one self-describing JSON per enrichment); null = none.",
  },
  enrichmentCacheDir: { type: 'string', minLength: 1, default: '/tmp/sleet-enrichment-files', description: 'Where enrichment files (MaxMind DBs, lists) are downloaded.' },
  enrichmentFilesRefreshSecs: {
    type: 'integer',
    minimum: 0,
    default: 86400,
    description: 'Seconds between checks for new versions of enrichment files (uri + database); swapped in without a restart. 0 = never.',
  },
  maxRecordBytes: {
    type: 'integer',
    minimum: 1000,
    default: 1_000_000,
    description: 'Largest enriched line or bad row; bigger ones become size_violation bad rows.',
  },
});

export interface LoggingConfig {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export const LOGGING_SCHEMA = obj('Logs (pino JSON on stdout).', {
  level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', description: 'Log level. Env SLEET_LOG_LEVEL.' },
});

/** Problems of the output section that span several keys. */
export function outputProblems(o: OutputConfig): string[] {
  const problems: string[] = [];
  if (o.type === 's3' && o.s3.bucket === '') problems.push('output.s3.bucket: required when output.type is s3 (or env SLEET_ENRICHER_BUCKET)');
  if (o.s3.multipartThresholdBytes < o.s3.partSizeBytes) problems.push('output.s3.multipartThresholdBytes: must be at least output.s3.partSizeBytes');
  if (o.prefix.split('/').some((seg) => seg === '..' || seg === '.')) problems.push('output.prefix: must not contain . or .. segments');
  return problems;
}
