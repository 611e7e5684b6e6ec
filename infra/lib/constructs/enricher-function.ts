import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { EnricherConfig } from '../config/sleet-config';
import { fromRepoRoot, REPO_ROOT } from '../paths';
import type { LakeLayout } from './lake-layout';

export interface EnricherFunctionProps {
  readonly config: EnricherConfig;
  readonly rawStream: kinesis.IStream;
  readonly lake: s3.IBucket;
  readonly layout: LakeLayout;
  /** Where the event source mapping parks batches it gave up on (full payload + metadata). */
  readonly failures: s3.IBucket;
}

/** Directory (inside the bundle) that holds the copied `enricher.configDir`. */
export const BUNDLED_CONFIG_DIR = 'sleet-config';

/**
 * Environment of the enricher Lambda: the env overrides of enricher/runtimes/lambda/config.ts (the handler's
 * config loader), the contract between this stack and the function.
 */
export const ENRICHER_ENV = {
  outputBucket: 'SLEET_ENRICHER_BUCKET',
  outputPrefix: 'SLEET_ENRICHER_PREFIX',
  /** `dynamodb`: the handler keeps per-shard positions in the table below. */
  positionStore: 'SLEET_ENRICHER_POSITION_STORE',
  positionTable: 'SLEET_ENRICHER_POSITION_TABLE',
  /** Absolute paths inside the bundle (`/var/task/sleet-config/…`). */
  resolverFile: 'SLEET_ENRICHER_RESOLVER_FILE',
  enrichmentsDir: 'SLEET_ENRICHER_ENRICHMENTS_DIR',
  /**
   * The event source mapping's ParallelizationFactor. Above 1 a shard's records arrive in concurrent batches, and the
   * handler must not keep one position per shard (it would skip the other batches' records).
   */
  parallelizationFactor: 'SLEET_ENRICHER_PARALLELIZATION_FACTOR',
} as const;

/**
 * Files the enricher reads from disk at run time, copied next to the bundle (esbuild bundles only code). With a
 * package.json at the bundle root, the enricher's package-root lookup finds /var/task, so `schemas/` and the
 * default resolver config resolve exactly as in the repository.
 */
export const ENRICHER_RUNTIME_FILES: readonly string[] = [
  'schemas',
  'enricher/iglu/defaults',
  'node_modules/uap-core/package.json',
  'node_modules/uap-core/regexes.yaml',
];

/**
 * The enricher: a Node 22 Lambda bundled by the local esbuild (never Docker), fed by a Kinesis event source
 * mapping from the raw stream with bounded retries and record age, bisect-on-error, partial batch responses and an
 * S3 on-failure destination. Its role reads the raw stream, writes (and, for replays, deletes) objects under the
 * enriched good/bad prefixes only, keeps its shard positions in its own table, and reads its enrichment assets.
 */
export class EnricherFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  /** The mapping's UUID (dimension `EventSourceMappingUUID` of its metrics). */
  readonly eventSourceMappingId: string;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  /** Per-shard committed positions, so a redelivered range is never written twice. */
  readonly checkpoints: dynamodb.Table;

  constructor(scope: Construct, id: string, props: EnricherFunctionProps) {
    super(scope, id);
    const { config } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: config.logRetentionDays as logs.RetentionDays });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Sleet enricher: read the raw stream, write enriched objects, read its config',
    });
    // Instead of AWSLambdaBasicExecutionRole (logs on *): only this function's own log group.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.checkpoints = new dynamodb.Table(this, 'Checkpoints', {
      partitionKey: { name: 'leaseKey', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Losing the positions would let a redelivery write overlapping objects: keep them like the data.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ShardPositions',
        // Conditional PutItem after GetItem; the table is created here, so no Describe/CreateTable.
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [this.checkpoints.tableArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: fromRepoRoot(config.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: fromRepoRoot('package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: config.architecture === 'ARM64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
      memorySize: config.memoryMiB,
      timeout: Duration.seconds(config.timeoutSecs),
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: config.reservedConcurrency ?? undefined,
      description: 'Sleet enricher: raw CollectorPayloads → enriched TSV and bad rows on S3',
      environment: {
        [ENRICHER_ENV.outputBucket]: props.lake.bucketName,
        [ENRICHER_ENV.outputPrefix]: config.outputPrefix,
        [ENRICHER_ENV.positionStore]: 'dynamodb',
        [ENRICHER_ENV.positionTable]: this.checkpoints.tableName,
        [ENRICHER_ENV.parallelizationFactor]: String(config.parallelizationFactor),
        ...configEnvironment(config),
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node22',
        // Bundle the AWS SDK too (the versions tested here are the versions that run). uap-core is data read with
        // require.resolve at run time: external, and copied next to the bundle (ENRICHER_RUNTIME_FILES).
        externalModules: ['uap-core'],
        forceDockerBundling: false,
        commandHooks: bundlingHooks(config),
      },
    });

    this.grantOutput(props);
    this.grantConfigRead(config);

    const source = new sources.KinesisEventSource(props.rawStream, {
      startingPosition:
        config.startingPosition === 'LATEST' ? lambda.StartingPosition.LATEST : lambda.StartingPosition.TRIM_HORIZON,
      batchSize: config.batchSize,
      maxBatchingWindow: Duration.seconds(config.maxBatchingWindowSecs),
      parallelizationFactor: config.parallelizationFactor,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: config.retryAttempts,
      maxRecordAge: Duration.seconds(config.maxRecordAgeSecs),
      onFailure: new LeastPrivilegeS3OnFailure(props.failures),
      // Event counts per mapping, incl. DroppedEventCount and OnFailureDestinationDeliveredEventCount (alarms).
      metricsConfig: { metrics: [lambda.MetricType.EVENT_COUNT] },
    });
    this.function.addEventSource(source);
    this.eventSourceMappingId = source.eventSourceMappingId;
  }

  /** Put and delete (replays remove keys a re-run no longer produces) under good/ and bad/ only. */
  private grantOutput(props: EnricherFunctionProps): void {
    const objects = [props.layout.goodPrefix, props.layout.badPrefix].map((p) => props.lake.arnForObjects(`${p}*`));
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteEnrichedObjects',
        actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: objects,
      }),
    );
    props.lake.encryptionKey?.grantEncryptDecrypt(this.role);
  }

  /** Read access to the enrichment asset prefixes (MaxMind databases, lists in S3), nothing else. */
  private grantConfigRead(config: EnricherConfig): void {
    const uris = config.assetS3Uris;
    if (uris.length === 0) return;
    const partition = Stack.of(this).partition;
    const locations = uris.map(parseS3Uri);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadEnrichmentAssets',
        actions: ['s3:GetObject'],
        resources: locations.map(({ bucket, prefix }) => `arn:${partition}:s3:::${bucket}/${prefix}*`),
      }),
    );
    for (const [bucket, prefixes] of groupByBucket(locations)) {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [`arn:${partition}:s3:::${bucket}`],
          conditions: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}*`) } },
        }),
      );
    }
  }
}

function groupByBucket(locations: ReadonlyArray<{ bucket: string; prefix: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { bucket, prefix } of locations) out.set(bucket, [...(out.get(bucket) ?? []), prefix]);
  return out;
}

/**
 * S3 on-failure destination granting only what the mapping needs (s3:PutObject + s3:ListBucket, per the Lambda
 * docs), where the stock `S3OnFailureDestination` grants read/write/delete on the whole bucket.
 */
export class LeastPrivilegeS3OnFailure implements lambda.IEventSourceDlq {
  constructor(private readonly bucket: s3.IBucket) {}

  bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    targetHandler.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'ParkFailedBatches', actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    targetHandler.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'ListFailuresBucket', actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    if (this.bucket.encryptionKey && targetHandler.role) this.bucket.encryptionKey.grantEncrypt(targetHandler.role);
    return { destination: this.bucket.bucketArn };
  }
}

function configEnvironment(config: EnricherConfig): Record<string, string> {
  const base = `/var/task/${BUNDLED_CONFIG_DIR}`;
  return {
    ...(config.resolverConfigFile === null ? {} : { [ENRICHER_ENV.resolverFile]: `${base}/${config.resolverConfigFile}` }),
    ...(config.enrichmentsDir === null ? {} : { [ENRICHER_ENV.enrichmentsDir]: `${base}/${config.enrichmentsDir}` }),
  };
}

/**
 * After esbuild (local commands, no Docker): copy the runtime files and, when configured, the config directory
 * next to the bundle, and give the bundle root a package.json (see ENRICHER_RUNTIME_FILES).
 */
function bundlingHooks(config: EnricherConfig): nodejs.ICommandHooks {
  const dir = config.configDir;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      ...ENRICHER_RUNTIME_FILES.map(
        (f) => `mkdir -p "$(dirname "${outputDir}/${f}")" && cp -R "${inputDir}/${f}" "${outputDir}/${f}"`,
      ),
      `echo '{"name":"sleet-enricher-lambda","private":true}' > "${outputDir}/package.json"`,
      ...(dir === null ? [] : [`cp -R "${inputDir}/${dir}" "${outputDir}/${BUNDLED_CONFIG_DIR}"`]),
    ],
  };
}

export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  const prefix = m[2] ?? '';
  return { bucket: m[1] as string, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}
