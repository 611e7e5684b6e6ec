/**
 * The standalone enricher's config file (keys from `sleet enricher --help`, enricher/config/reference.yaml) and the
 * Iglu resolver config for the end-to-end pipeline: read the raw stream from the start, close batches after two
 * seconds so the test does not wait, write to the s3rver bucket, keep checkpoints in the same bucket.
 */
export interface EnricherSetup {
  readonly kinesisEndpoint: string;
  readonly s3Endpoint: string;
  readonly stream: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly resolverFile: string;
  readonly enrichmentsDir: string;
  readonly cacheDir: string;
  readonly metricsPort: number;
}

export function enricherConfig(setup: EnricherSetup): object {
  return {
    input: { streamName: setup.stream, initialPosition: 'TRIM_HORIZON', idlePollMillis: 200 },
    aws: {
      region: 'us-east-1',
      endpoints: { kinesis: setup.kinesisEndpoint, s3: setup.s3Endpoint },
      s3ForcePathStyle: true,
    },
    output: { type: 's3', prefix: setup.prefix, s3: { bucket: setup.bucket } },
    batching: { flushMaxAgeSecs: 2 },
    checkpoints: { type: 's3', s3: { bucket: setup.bucket, prefix: '_sleet/checkpoints' } },
    enrich: {
      resolverConfigFile: setup.resolverFile,
      enrichmentsDir: setup.enrichmentsDir,
      enrichmentCacheDir: setup.cacheDir,
    },
    metrics: { enabled: true, interface: '127.0.0.1', port: setup.metricsPort },
    logging: { level: 'info' },
  };
}

/** Iglu Central (from ../shared) and this project's registry, in Snowplow's resolver-config format. */
export function resolverConfig(igluCentralUri: string, sleetSchemasUri: string): object {
  return {
    schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
    data: {
      cacheSize: 500,
      cacheTtl: 600,
      repositories: [
        {
          name: 'Iglu Central (../shared)',
          priority: 1,
          vendorPrefixes: ['com.snowplowanalytics'],
          connection: { http: { uri: igluCentralUri } },
        },
        { name: 'Sleet schemas', priority: 0, vendorPrefixes: ['dev.sleet'], connection: { http: { uri: sleetSchemasUri } } },
      ],
    },
  };
}
