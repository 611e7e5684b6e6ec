import type { SleetConfig } from './sleet-config';

/**
 * Every default of the deployment, as data. Opinionated where safety or cost is at stake; each number says why.
 * Users override any subset (infra/README.md "Parameters"); `check-config.ts` validates the merged result.
 */
export const DEFAULT_CONFIG: SleetConfig = {
  stackName: 'Sleet',
  streams: {
    // On-demand: no capacity planning and no write throttling at traffic spikes (the collector would answer 503).
    // Provisioned is cheaper for steady, known traffic (README "Cost").
    mode: 'ON_DEMAND',
    rawShardCount: 2,
    badShardCount: 1,
    // 7 days: a weekend-long enricher outage is recovered by the stream alone; the raw archive covers the rest.
    retentionHours: 168,
    encryption: 'MANAGED',
  },
  network: {
    maxAzs: 2,
    // No NAT gateway (about $33/month each plus data): tasks get public IPs but accept traffic only from the ALB.
    natGateways: 0,
  },
  collector: {
    domain: null,
    allowPlainHttp: false,
    cookieDomain: null,
    image: { source: 'build' },
    settings: {},
    cpu: 512, // 0.5 vCPU
    memoryMiB: 1024,
    // x86: the image builds on any deploy machine without emulation. ARM64 (Graviton) is ~20 % cheaper.
    architecture: 'X86_64',
    containerPort: 8080,
    minTasks: 2, // one per availability zone
    maxTasks: 10,
    targetCpuPercent: 60, // Snowplow's collector scales at 60 % CPU too; leaves headroom for the scale-out delay
    // 500 requests/s per 0.5-vCPU task: reacts to a traffic step before CPU saturates (CPU is the slower signal).
    targetRequestsPerTaskPerMinute: 30_000,
    idleTimeoutSecs: 60, // the ALB default
    keepAliveTimeoutSecs: 65, // > idle timeout, so the ALB, not Node, closes idle connections (no 502s)
    deregistrationDelaySecs: 30, // in-flight requests finish; the collector flushes on SIGTERM within its own limit
    healthCheckPath: '/health',
    logRetentionDays: 30,
  },
  enricher: {
    entry: 'enricher/runtimes/lambda/index.ts',
    memoryMiB: 1024,
    timeoutSecs: 120,
    architecture: 'ARM64', // pure-JS bundle; Graviton is ~20 % cheaper per GB-second
    batchSize: 1000,
    // 5 s: fewer, larger objects per shard while keeping end-to-end freshness well under a minute.
    maxBatchingWindowSecs: 5,
    parallelizationFactor: 1,
    retryAttempts: 10,
    // 1 day, far below the 7-day retention: a poison batch is parked in S3 (full payload) instead of blocking.
    maxRecordAgeSecs: 86_400,
    startingPosition: 'TRIM_HORIZON',
    reservedConcurrency: null,
    outputPrefix: 'enriched',
    configDir: null,
    resolverConfigFile: null,
    enrichmentsDir: null,
    assetS3Uris: [],
    logRetentionDays: 30,
  },
  lake: {
    encryption: 'S3_MANAGED',
    noncurrentVersionExpirationDays: 30,
    goodExpirationDays: null,
    badExpirationDays: 90, // bad rows are for debugging and recovery; 90 days covers a quarter's investigation
    rawArchiveGlacierAfterDays: 30,
    rawArchiveExpirationDays: 365,
    failuresExpirationDays: 365,
    athenaResultsExpirationDays: 30,
    accessLogs: true,
    accessLogsExpirationDays: 90,
    abortIncompleteMultipartUploadDays: 7,
  },
  rawArchive: {
    enabled: true,
    prefix: 'raw',
    bufferingIntervalSecs: 900, // the maximum: fewer, larger objects (replay reads them sequentially anyway)
    bufferingSizeMiB: 128,
  },
  analytics: {
    enabled: true,
    databaseName: 'sleet',
    goodTableName: 'events',
    badTableName: 'bad_rows',
    workgroupName: 'sleet',
    projectionStartDate: '2024-01-01',
    bytesScannedCutoffPerQueryGiB: 200, // $1 per query at $5/TB: a forgotten partition filter cannot cost more
  },
  operations: {
    alarms: true,
    alarmEmail: null,
    dashboard: true,
    thresholds: {
      // The enricher writes objects within a minute; 15 minutes behind means it cannot keep up (raise
      // parallelizationFactor or shards) or keeps failing and retrying.
      iteratorAgeFreshnessSecs: 900,
      // As in AWS Solutions Constructs: alarm at 50 % of the age at which records leave the stream's reach
      // (min of retention and maxRecordAge) — half the time is left to act before data is parked or lost.
      iteratorAgeLossFraction: 0.5,
      // Function errors are infrastructure faults only (bad data becomes bad rows). Retries and bisection absorb
      // a transient fault; errors in 3 consecutive 5-minute periods mean a shard is stuck.
      enricherErrorPeriods: 3,
      // Throttles delay every shard behind them; 10 minutes of throttling means concurrency is exhausted.
      enricherThrottlePeriods: 2,
      // Trackers retry on 5xx and keep events meanwhile, so short spikes lose nothing; > 1 % for 10 minutes means
      // Kinesis is refusing writes or the tasks are overloaded.
      collector5xxPercent: 1,
      // A deployment replaces a task in about 2 minutes; a target failing /health for 5 minutes is broken.
      unhealthyTargetMinutes: 5,
      // Healthy sites produce few bad rows; > 5 % for 15 minutes usually means a tracker release sends events
      // that fail validation, or a schema repository is unreachable.
      badRowPercent: 5,
      // Firehose writes at least once per buffering interval; data older than twice that is not being delivered.
      deliveryFreshnessFactor: 2,
    },
  },
};
