/**
 * The standalone enricher's config file and the Iglu resolver config for the end-to-end pipeline: read the raw
 * Kinesis stream from the start, flush small batches quickly, write to the s3rver bucket.
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
}

export function enricherConfig(setup: EnricherSetup): object {
  return {
    input: { kinesis: { region: 'us-east-1', endpoint: setup.kinesisEndpoint, stream: setup.stream, initialPosition: 'TRIM_HORIZON' } },
    output: { s3: { region: 'us-east-1', endpoint: setup.s3Endpoint, bucket: setup.bucket, prefix: setup.prefix, forcePathStyle: true } },
    iglu: { resolverConfig: setup.resolverFile },
    enrichments: { directory: setup.enrichmentsDir, cacheDir: setup.cacheDir },
  };
}

/** Iglu Central (from ../shared) and this project's registry, Snowplow's resolver-config format. */
export function resolverConfig(igluCentralUri: string, sleetSchemasUri: string): object {
  return {
    schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
    data: {
      cacheSize: 500,
      cacheTtl: 600,
      repositories: [
        { name: 'Iglu Central (../shared)', priority: 1, vendorPrefixes: ['com.snowplowanalytics'], connection: { http: { uri: igluCentralUri } } },
        { name: 'Sleet schemas', priority: 0, vendorPrefixes: ['dev.sleet'], connection: { http: { uri: sleetSchemasUri } } },
      ],
    },
  };
}
