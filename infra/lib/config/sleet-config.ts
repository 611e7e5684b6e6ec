/**
 * The deployment's configuration: what a data engineer may change. Every field has its default in
 * `defaults.ts` (data only) and its checks in `check-config.ts`; units are in the names (`…Secs`, `…Days`,
 * `…MiB`). `SleetConfigInput` is what users write (any subset); `SleetConfig` is the resolved, checked value the
 * constructs receive.
 */

/** How the collector's HTTPS certificate and DNS name are obtained. */
export interface CollectorDomain {
  /** The collector's host name, a subdomain of the campaign site (e.g. `c.flowershop.example`). */
  readonly name: string;
  /**
   * Route 53 hosted zone that holds `name` (imported with `HostedZone.fromHostedZoneAttributes`: no lookup).
   * With a zone, the stack creates a DNS-validated ACM certificate (unless `certificateArn` is given) and an
   * alias A record to the load balancer.
   */
  readonly hostedZoneId?: string;
  /** The zone's domain name (e.g. `flowershop.example`); required with `hostedZoneId`. */
  readonly hostedZoneName?: string;
  /** An existing ACM certificate in the stack's region covering `name`. Without a zone, DNS is yours to point. */
  readonly certificateArn?: string;
}

/** Where the collector's container image comes from. */
export type CollectorImage =
  /** Built from the repository's Dockerfile by `cdk deploy` (needs Docker where you deploy; synth does not). */
  | { readonly source: 'build' }
  /** A pre-built image in an ECR repository of this account (e.g. pushed by CI). */
  | { readonly source: 'ecr'; readonly repositoryName: string; readonly tag: string }
  /** Any registry URI (e.g. `ghcr.io/org/sleet:1.2.3`). */
  | { readonly source: 'registry'; readonly imageUri: string };

export type StreamMode = 'ON_DEMAND' | 'PROVISIONED';
export type CpuArchitecture = 'ARM64' | 'X86_64';

export interface StreamsConfig {
  /** Kinesis capacity mode. On-demand scales itself; provisioned is cheaper for steady traffic. */
  readonly mode: StreamMode;
  /** Shards of the raw stream (PROVISIONED only; 1 shard = 1 MB/s or 1 000 records/s in). */
  readonly rawShardCount: number;
  /** Shards of the collector's bad stream (PROVISIONED only). */
  readonly badShardCount: number;
  /** How long Kinesis keeps records (24–8760 h); the window for replays and for the enricher to catch up. */
  readonly retentionHours: number;
  /** `MANAGED` = the AWS-owned `alias/aws/kinesis` key; `KMS` = a customer-managed key with rotation. */
  readonly encryption: 'MANAGED' | 'KMS';
}

export interface NetworkConfig {
  /** Availability zones used by the VPC (the ALB needs at least 2). */
  readonly maxAzs: number;
  /**
   * NAT gateways. 0 (default): collector tasks run in public subnets with a public IP and accept traffic only from
   * the load balancer's security group (no NAT cost). ≥ 1: tasks run in private subnets behind NAT.
   */
  readonly natGateways: number;
}

export interface CollectorConfig {
  /** The campaign's own collector domain (HTTPS). Required unless `allowPlainHttp` is true. */
  readonly domain: CollectorDomain | null;
  /** Test deployments only: serve plain HTTP on the ALB's DNS name when no domain is configured. */
  readonly allowPlainHttp: boolean;
  /**
   * Domain attribute of the `sp` cookie (the collector's `cookie.domains`/fallback domain), e.g. the campaign
   * site's registrable domain `flowershop.example`. Must be a parent of `domain.name`. `null`: host-only cookie.
   */
  readonly cookieDomain: string | null;
  readonly image: CollectorImage;
  /**
   * Extra collector settings (the collector's own config file format, collector/config/reference.*), merged over
   * what the stack generates (port, Kinesis sink, cookie domain, keep-alive, HSTS). Stream names and region are
   * always the stack's. Validated at synth with the collector's own config loader.
   */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Fargate task CPU units (256 = 0.25 vCPU). */
  readonly cpu: number;
  /** Fargate task memory. */
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  /** Port the collector listens on inside the task. */
  readonly containerPort: number;
  /** Autoscaling floor; 2 keeps a task in each of two zones. */
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Target-tracking on average task CPU. */
  readonly targetCpuPercent: number;
  /** Target-tracking on ALBRequestCountPerTarget (requests per task per minute). */
  readonly targetRequestsPerTaskPerMinute: number;
  /** ALB idle timeout; the collector's keep-alive timeout must be longer (see `keepAliveTimeoutSecs`). */
  readonly idleTimeoutSecs: number;
  /** Node's `server.keepAliveTimeout` given to the collector; must exceed `idleTimeoutSecs` or the ALB sees 502s. */
  readonly keepAliveTimeoutSecs: number;
  /** How long the ALB lets in-flight requests finish on a deregistering task. */
  readonly deregistrationDelaySecs: number;
  readonly healthCheckPath: string;
  readonly logRetentionDays: number;
}

export interface EnricherConfig {
  /** The Lambda entry point, relative to the repository root (exports `handler`). */
  readonly entry: string;
  /** Lambda memory (CPU scales with it; 1769 MiB = 1 vCPU). */
  readonly memoryMiB: number;
  readonly timeoutSecs: number;
  readonly architecture: CpuArchitecture;
  /** Records per invocation (1–10 000; a batch is also capped at 6 MB). */
  readonly batchSize: number;
  /** How long the event source mapping gathers records before invoking (0–300 s). */
  readonly maxBatchingWindowSecs: number;
  /** Concurrent batches per shard (1–10). */
  readonly parallelizationFactor: number;
  /** Retries of a failing batch before it goes to the on-failure destination (0–10 000). */
  readonly retryAttempts: number;
  /** Records older than this go to the on-failure destination instead of blocking the shard (60–604 800 s). */
  readonly maxRecordAgeSecs: number;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Reserved concurrency as a safety valve; `null` = none. */
  readonly reservedConcurrency: number | null;
  /** S3 key prefix of the enriched output: `<prefix>/good/…` and `<prefix>/bad/…`. */
  readonly outputPrefix: string;
  /**
   * A repository directory copied into the function bundle as `/var/task/sleet-config`, holding the Iglu resolver
   * config and the enrichment configs (Snowplow's formats, unchanged). `null`: nothing is copied.
   */
  readonly configDir: string | null;
  /** The resolver config inside `configDir` (e.g. `resolver.json`); `null` = Sleet's default resolver. */
  readonly resolverConfigFile: string | null;
  /** The enrichments directory inside `configDir` (e.g. `enrichments`); `null` = no enrichments. */
  readonly enrichmentsDir: string | null;
  /**
   * Extra `s3://bucket/prefix/` locations the function may read: enrichment assets referenced by the enrichment
   * configs (MaxMind databases, referer and IAB lists) when they live in S3.
   */
  readonly assetS3Uris: readonly string[];
  readonly logRetentionDays: number;
}

export interface LakeConfig {
  /** `S3_MANAGED` (SSE-S3) or `KMS` (a customer-managed key with rotation; Athena users need kms:Decrypt). */
  readonly encryption: 'S3_MANAGED' | 'KMS';
  /** Days noncurrent object versions are kept (versioning protects against overwrites and deletes). */
  readonly noncurrentVersionExpirationDays: number;
  /** Days enriched good events are kept; `null` = forever. */
  readonly goodExpirationDays: number | null;
  /** Days bad rows are kept; `null` = forever. */
  readonly badExpirationDays: number | null;
  /** Days after which the raw archive moves to Glacier Instant Retrieval; `null` = never. */
  readonly rawArchiveGlacierAfterDays: number | null;
  /** Days the raw archive is kept; `null` = forever. */
  readonly rawArchiveExpirationDays: number | null;
  /** Days the enricher's on-failure records (full payloads, for replay) are kept; `null` = forever. */
  readonly failuresExpirationDays: number | null;
  /** Days Athena query results are kept. */
  readonly athenaResultsExpirationDays: number;
  /** S3 server access logs for the data buckets, into a log bucket. */
  readonly accessLogs: boolean;
  readonly accessLogsExpirationDays: number;
  readonly abortIncompleteMultipartUploadDays: number;
}

export interface RawArchiveConfig {
  /** Firehose copy of the raw stream to S3, so data can be replayed after the stream's retention. */
  readonly enabled: boolean;
  /** Key prefix in the lake bucket (`<prefix>/dt=YYYY-MM-DD/hr=HH/…`, arrival time, UTC). */
  readonly prefix: string;
  /** Firehose buffering: an object is written when either limit is reached (60–900 s, 1–128 MiB). */
  readonly bufferingIntervalSecs: number;
  readonly bufferingSizeMiB: number;
}

export interface AnalyticsConfig {
  readonly enabled: boolean;
  /** Glue database (lower case, digits, underscores). */
  readonly databaseName: string;
  readonly goodTableName: string;
  readonly badTableName: string;
  readonly workgroupName: string;
  /** First `dt` partition the projection enumerates (YYYY-MM-DD). */
  readonly projectionStartDate: string;
  /** Athena cancels a query in this workgroup after it scanned this much (cost guard). */
  readonly bytesScannedCutoffPerQueryGiB: number;
}

/** Alarm thresholds; every default is explained where it is defined (defaults.ts) and in the alarm description. */
export interface AlarmThresholds {
  /** Enricher lag that breaks the freshness goal. */
  readonly iteratorAgeFreshnessSecs: number;
  /** Fraction of the record-age limit (min of retention and maxRecordAge) at which data loss is near. */
  readonly iteratorAgeLossFraction: number;
  /** Consecutive 5-minute periods with enricher errors. */
  readonly enricherErrorPeriods: number;
  /** Consecutive 5-minute periods with throttled enricher invocations. */
  readonly enricherThrottlePeriods: number;
  /** ALB 5xx (ELB + collector) as a percentage of requests. */
  readonly collector5xxPercent: number;
  /** Minutes a target may fail `/health` before the alarm. */
  readonly unhealthyTargetMinutes: number;
  /** Bad rows as a percentage of all enriched outputs (good + bad). */
  readonly badRowPercent: number;
  /** Firehose freshness (oldest record not yet in S3), as a multiple of the buffering interval. */
  readonly deliveryFreshnessFactor: number;
}

export interface OperationsConfig {
  /** CloudWatch alarms (on by default) sent to an SNS topic. */
  readonly alarms: boolean;
  /** Optional e-mail subscription to the alarm topic. */
  readonly alarmEmail: string | null;
  readonly dashboard: boolean;
  readonly thresholds: AlarmThresholds;
}

export interface SleetConfig {
  readonly stackName: string;
  readonly streams: StreamsConfig;
  readonly network: NetworkConfig;
  readonly collector: CollectorConfig;
  readonly enricher: EnricherConfig;
  readonly lake: LakeConfig;
  readonly rawArchive: RawArchiveConfig;
  readonly analytics: AnalyticsConfig;
  readonly operations: OperationsConfig;
}

/** Objects become optional key by key; unions and arrays are replaced as a whole. */
export type DeepPartial<T> = {
  readonly [K in keyof T]?: T[K] extends CollectorDomain | CollectorImage | Readonly<Record<string, unknown>> | readonly string[] | null
    ? T[K]
    : T[K] extends object
      ? DeepPartial<T[K]>
      : T[K];
};

/** What a user writes: any subset of the config. */
export type SleetConfigInput = DeepPartial<SleetConfig>;
