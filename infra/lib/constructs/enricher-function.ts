import { Duration, Stack } from 'aws-cdk-lib';
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

/** Directory (inside the bundle) that holds a bundled config directory. */
export const BUNDLED_CONFIG_DIR = 'sleet-config';

/**
 * Environment of the enricher Lambda: the contract between this stack and enricher/runtimes/lambda/handler.ts.
 * Only the handler (an entry point) reads it.
 */
export const ENRICHER_ENV = {
  outputBucket: 'SLEET_OUTPUT_BUCKET',
  outputPrefix: 'SLEET_OUTPUT_PREFIX',
  /** Absolute directory of bundled resolver/enrichment configs (`/var/task/sleet-config`). */
  configDir: 'SLEET_CONFIG_DIR',
  /** `s3://bucket/prefix/` holding the resolver and enrichment configs. */
  configS3Uri: 'SLEET_CONFIG_S3_URI',
} as const;

/**
 * The enricher: a Node 22 Lambda bundled by the local esbuild (never Docker), fed by a Kinesis event source
 * mapping from the raw stream with bounded retries and record age, bisect-on-error, partial batch responses and an
 * S3 on-failure destination. Its role reads the raw stream, writes (and, for replays, deletes) objects under the
 * enriched good/bad prefixes only, and reads its config.
 */
export class EnricherFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  /** The mapping's UUID (dimension `EventSourceMappingUUID` of its metrics). */
  readonly eventSourceMappingId: string;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

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
        ...configEnvironment(config),
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node22',
        // Bundle the AWS SDK too: the versions tested here are the versions that run.
        externalModules: [],
        forceDockerBundling: false,
        commandHooks: bundledConfigHooks(config),
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

  private grantConfigRead(config: EnricherConfig): void {
    if (config.config.source !== 's3') return;
    const { bucket, prefix } = parseS3Uri(config.config.uri);
    const partition = Stack.of(this).partition;
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadConfigObjects',
        actions: ['s3:GetObject'],
        resources: [`arn:${partition}:s3:::${bucket}/${prefix}*`],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListConfigPrefix',
        actions: ['s3:ListBucket'],
        resources: [`arn:${partition}:s3:::${bucket}`],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    );
  }
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
  const c = config.config;
  if (c.source === 's3') return { [ENRICHER_ENV.configS3Uri]: c.uri };
  return c.dir === null ? {} : { [ENRICHER_ENV.configDir]: `/var/task/${BUNDLED_CONFIG_DIR}` };
}

/** Copies a bundled config directory next to the handler's bundle (a local `cp`, no Docker). */
function bundledConfigHooks(config: EnricherConfig): nodejs.ICommandHooks | undefined {
  const c = config.config;
  if (c.source !== 'bundled' || c.dir === null) return undefined;
  const dir = c.dir;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      `cp -R "${inputDir}/${dir}" "${outputDir}/${BUNDLED_CONFIG_DIR}"`,
    ],
  };
}

export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  const prefix = m[2] ?? '';
  return { bucket: m[1] as string, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}
