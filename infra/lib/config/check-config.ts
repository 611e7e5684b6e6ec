import { statSync } from 'node:fs';
import * as path from 'node:path';
import { fromRepoRoot } from '../paths';
import type { SleetConfig } from './sleet-config';

/** Everything wrong with a config (errors) and every prescriptive default the user turned off (warnings). */
export interface ConfigFindings {
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
/** Valid Fargate CPU units → allowed memory (MiB) range and step. */
const FARGATE_MEMORY: Readonly<Record<number, { min: number; max: number; step: number; extra?: number[] }>> = {
  256: { min: 1024, max: 2048, step: 1024, extra: [512] },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};
/** Fargate stops a container at most 120 s after SIGTERM; the collector needs its shutdown time plus margin. */
export const MAX_COLLECTOR_SHUTDOWN_SECS = 105;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9_.=-]+(\/[A-Za-z0-9_.=-]+)*$/;
/** A relative path without `.`/`..` segments (stays inside the repository or the copied directory). */
const RELATIVE = /^(?!(.*\/)?\.\.?(\/|$))[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/;
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

class Findings {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];
  add(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }
  int(path: string, v: unknown, min: number, max: number): v is number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.add(path, `must be an integer from ${min} to ${max} (got ${JSON.stringify(v)})`);
      return false;
    }
    return true;
  }
  num(path: string, v: unknown, minExclusive: number, max: number): v is number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= minExclusive || v > max) {
      this.add(path, `must be a number above ${minExclusive} and at most ${max} (got ${JSON.stringify(v)})`);
      return false;
    }
    return true;
  }
  intOrNull(path: string, v: unknown, min: number, max: number): boolean {
    return v === null || this.int(path, v, min, max);
  }
  bool(path: string, v: unknown): v is boolean {
    if (typeof v !== 'boolean') {
      this.add(path, `must be true or false (got ${JSON.stringify(v)})`);
      return false;
    }
    return true;
  }
  oneOf<T extends string>(path: string, v: unknown, values: readonly T[]): v is T {
    if (typeof v !== 'string' || !values.includes(v as T)) {
      this.add(path, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')} (got ${JSON.stringify(v)})`);
      return false;
    }
    return true;
  }
  matches(path: string, v: unknown, re: RegExp, what: string): v is string {
    if (typeof v !== 'string' || !re.test(v)) {
      this.add(path, `must be ${what} (got ${JSON.stringify(v)})`);
      return false;
    }
    return true;
  }
  logRetention(path: string, v: unknown): void {
    if (typeof v !== 'number' || !LOG_RETENTION_DAYS.includes(v)) {
      this.add(path, `must be a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(', ')} days; got ${JSON.stringify(v)})`);
    }
  }
  keys(path: string, v: Record<string, unknown>, allowed: readonly string[]): void {
    for (const k of Object.keys(v)) if (!allowed.includes(k)) this.add(`${path}.${k}`, 'unknown key');
  }
  object(path: string, v: unknown): v is Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.add(path, `must be an object (got ${JSON.stringify(v)})`);
      return false;
    }
    return true;
  }
}

/** Checks a merged config (defaults + user values); never throws — the caller reports every finding at once. */
export function checkConfig(c: SleetConfig): ConfigFindings {
  const f = new Findings();
  f.matches('stackName', c.stackName, /^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'a CloudFormation stack name');
  checkStreams(f, c);
  checkNetwork(f, c);
  checkCollector(f, c);
  checkEnricher(f, c);
  checkLake(f, c);
  checkRawArchive(f, c);
  checkAnalytics(f, c);
  checkOperations(f, c);
  return { problems: f.problems, warnings: f.warnings };
}

function checkStreams(f: Findings, { streams: s }: SleetConfig): void {
  f.oneOf('streams.mode', s.mode, ['ON_DEMAND', 'PROVISIONED'] as const);
  f.int('streams.rawShardCount', s.rawShardCount, 1, 500);
  f.int('streams.badShardCount', s.badShardCount, 1, 500);
  f.int('streams.retentionHours', s.retentionHours, 24, 8760);
  f.oneOf('streams.encryption', s.encryption, ['MANAGED', 'KMS'] as const);
}

function checkNetwork(f: Findings, { network: n }: SleetConfig): void {
  if (f.int('network.maxAzs', n.maxAzs, 2, 6)) f.int('network.natGateways', n.natGateways, 0, n.maxAzs);
}

function checkCollector(f: Findings, { collector: c }: SleetConfig): void {
  f.bool('collector.allowPlainHttp', c.allowPlainHttp);
  if (c.domain === null) {
    if (c.allowPlainHttp !== true) {
      f.add(
        'collector.domain',
        'is required: HTTPS needs a certificate for the campaign\'s collector domain (e.g. {"name": "c.example.com", ' +
          '"hostedZoneId": "Z…", "hostedZoneName": "example.com"}); for a throw-away test deployment set ' +
          'collector.allowPlainHttp = true instead',
      );
    }
  } else if (f.object('collector.domain', c.domain)) {
    checkDomain(f, c);
  }
  if (c.allowPlainHttp === true && c.domain === null) {
    f.warnings.push('collector.allowPlainHttp: the collector serves plain HTTP; cookies cannot be Secure/SameSite=None');
  }
  if (c.cookieDomain !== null && f.matches('collector.cookieDomain', c.cookieDomain, HOSTNAME, 'a domain name')) {
    const host = c.domain?.name;
    if (typeof host === 'string' && host !== c.cookieDomain && !host.endsWith(`.${c.cookieDomain}`)) {
      f.add('collector.cookieDomain', `must be ${JSON.stringify(host)} or a parent domain of it (first-party cookie)`);
    }
  }
  checkImage(f, c.image);
  if (f.object('collector.settings', c.settings)) {
    const shutdown = c.settings.shutdownTimeoutSecs;
    if (shutdown !== undefined) f.int('collector.settings.shutdownTimeoutSecs', shutdown, 1, MAX_COLLECTOR_SHUTDOWN_SECS);
  }
  if (f.int('collector.cpu', c.cpu, 256, 16384)) {
    const m = FARGATE_MEMORY[c.cpu];
    if (m === undefined) f.add('collector.cpu', `must be one of ${Object.keys(FARGATE_MEMORY).join(', ')}`);
    else if (
      typeof c.memoryMiB !== 'number' ||
      !(
        (m.extra ?? []).includes(c.memoryMiB) ||
        (c.memoryMiB >= m.min && c.memoryMiB <= m.max && (c.memoryMiB - m.min) % m.step === 0)
      )
    ) {
      f.add('collector.memoryMiB', `is not a valid Fargate size for cpu ${c.cpu} (${m.min}–${m.max} MiB in steps of ${m.step})`);
    }
  }
  f.oneOf('collector.architecture', c.architecture, ['ARM64', 'X86_64'] as const);
  f.int('collector.containerPort', c.containerPort, 1024, 65535);
  if (f.int('collector.minTasks', c.minTasks, 1, 1000) && f.int('collector.maxTasks', c.maxTasks, 1, 1000)) {
    if (c.maxTasks < c.minTasks) f.add('collector.maxTasks', `must be at least minTasks (${c.minTasks})`);
  }
  if (c.minTasks === 1) f.warnings.push('collector.minTasks = 1: a single task is a single point of failure');
  f.int('collector.targetCpuPercent', c.targetCpuPercent, 10, 90);
  f.int('collector.targetRequestsPerTaskPerMinute', c.targetRequestsPerTaskPerMinute, 1, 10_000_000);
  if (
    f.int('collector.idleTimeoutSecs', c.idleTimeoutSecs, 1, 4000) &&
    f.int('collector.keepAliveTimeoutSecs', c.keepAliveTimeoutSecs, 1, 4001) &&
    c.keepAliveTimeoutSecs <= c.idleTimeoutSecs
  ) {
    f.add(
      'collector.keepAliveTimeoutSecs',
      `must exceed idleTimeoutSecs (${c.idleTimeoutSecs}); otherwise Node closes connections the ALB still uses (502s)`,
    );
  }
  f.int('collector.deregistrationDelaySecs', c.deregistrationDelaySecs, 0, 3600);
  f.matches('collector.healthCheckPath', c.healthCheckPath, /^\/[A-Za-z0-9_./-]*$/, 'a path starting with /');
  f.logRetention('collector.logRetentionDays', c.logRetentionDays);
}

function checkDomain(f: Findings, c: SleetConfig['collector']): void {
  const d = c.domain as unknown as Record<string, unknown>;
  f.keys('collector.domain', d, ['name', 'hostedZoneId', 'hostedZoneName', 'certificateArn']);
  const nameOk = f.matches('collector.domain.name', d.name, HOSTNAME, 'a lower-case host name such as c.example.com');
  const hasZone = d.hostedZoneId !== undefined || d.hostedZoneName !== undefined;
  if (hasZone) {
    f.matches('collector.domain.hostedZoneId', d.hostedZoneId, /^Z[A-Z0-9]{1,31}$/, 'a Route 53 hosted zone id (Z…)');
    if (f.matches('collector.domain.hostedZoneName', d.hostedZoneName, HOSTNAME, 'the zone\'s domain name') && nameOk) {
      const zone = d.hostedZoneName as string;
      const name = d.name as string;
      if (name !== zone && !name.endsWith(`.${zone}`)) {
        f.add('collector.domain.name', `must be inside the hosted zone ${JSON.stringify(zone)}`);
      }
    }
  }
  if (d.certificateArn !== undefined) {
    f.matches(
      'collector.domain.certificateArn',
      d.certificateArn,
      /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
      'an ACM certificate ARN',
    );
  }
  if (!hasZone && d.certificateArn === undefined) {
    f.add('collector.domain', 'needs hostedZoneId + hostedZoneName (certificate and DNS created) or certificateArn');
  }
}

function checkImage(f: Findings, image: unknown): void {
  if (!f.object('collector.image', image)) return;
  if (!f.oneOf('collector.image.source', image.source, ['build', 'ecr', 'registry'] as const)) return;
  if (image.source === 'build') f.keys('collector.image', image, ['source']);
  if (image.source === 'ecr') {
    f.keys('collector.image', image, ['source', 'repositoryName', 'tag']);
    f.matches('collector.image.repositoryName', image.repositoryName, /^[a-z0-9][a-z0-9._/-]{1,255}$/, 'an ECR repository name');
    f.matches('collector.image.tag', image.tag, /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'an image tag');
  }
  if (image.source === 'registry') {
    f.keys('collector.image', image, ['source', 'imageUri']);
    f.matches('collector.image.imageUri', image.imageUri, /^[^\s]+[:@][^\s]+$/, 'an image URI with a tag or digest');
  }
}

function checkEnricher(f: Findings, c: SleetConfig): void {
  const e = c.enricher;
  if (f.matches('enricher.entry', e.entry, RELATIVE, 'a repository-relative .ts/.js path')) {
    if (!/\.(ts|js|mjs|cjs)$/.test(e.entry)) f.add('enricher.entry', 'must be a .ts or .js file');
  }
  f.int('enricher.memoryMiB', e.memoryMiB, 128, 10240);
  f.int('enricher.timeoutSecs', e.timeoutSecs, 1, 900);
  f.oneOf('enricher.architecture', e.architecture, ['ARM64', 'X86_64'] as const);
  f.int('enricher.batchSize', e.batchSize, 1, 10_000);
  f.int('enricher.maxBatchingWindowSecs', e.maxBatchingWindowSecs, 0, 300);
  f.int('enricher.parallelizationFactor', e.parallelizationFactor, 1, 10);
  // Bounded on purpose: the AWS default (-1, infinite) lets one poison batch block a shard for the whole retention.
  f.int('enricher.retryAttempts', e.retryAttempts, 0, 10_000);
  const retention = c.streams.retentionHours;
  const retentionValid = Number.isInteger(retention) && retention >= 24 && retention <= 8760;
  if (f.int('enricher.maxRecordAgeSecs', e.maxRecordAgeSecs, 60, 604_800) && retentionValid) {
    if (e.maxRecordAgeSecs >= c.streams.retentionHours * 3600) {
      f.add(
        'enricher.maxRecordAgeSecs',
        `must be below the raw stream's retention (${c.streams.retentionHours * 3600} s), or records expire from the ` +
          'stream before they can be parked in the on-failure bucket (data loss)',
      );
    }
  }
  f.oneOf('enricher.startingPosition', e.startingPosition, ['TRIM_HORIZON', 'LATEST'] as const);
  if (e.startingPosition === 'LATEST') f.warnings.push('enricher.startingPosition = LATEST skips records already in the stream');
  f.intOrNull('enricher.reservedConcurrency', e.reservedConcurrency, 1, 10_000);
  f.matches('enricher.outputPrefix', e.outputPrefix, PREFIX, 'an S3 key prefix without leading or trailing slash');
  f.logRetention('enricher.logRetentionDays', e.logRetentionDays);
  if (e.timeoutSecs < e.maxBatchingWindowSecs) {
    f.add('enricher.timeoutSecs', 'must be at least maxBatchingWindowSecs');
  }
  if (!Array.isArray(e.assetS3Uris)) {
    f.add('enricher.assetS3Uris', `must be a list of s3:// URIs (got ${JSON.stringify(e.assetS3Uris)})`);
  } else {
    e.assetS3Uris.forEach((u, i) => f.matches(`enricher.assetS3Uris[${i}]`, u, S3_URI, 'an s3://bucket/prefix URI'));
  }
  checkEnricherFiles(f, e);
}

/** The bundled config files must exist at synth, or the function fails at its first cold start. */
function checkEnricherFiles(f: Findings, e: SleetConfig['enricher']): void {
  const inDir = (key: 'resolverConfigFile' | 'enrichmentsDir', kind: 'file' | 'directory'): void => {
    const v = e[key];
    if (v === null) return;
    if (!f.matches(`enricher.${key}`, v, RELATIVE, `a path inside enricher.configDir or null`)) return;
    if (e.configDir === null) {
      f.add(`enricher.${key}`, 'needs enricher.configDir (the directory copied into the bundle)');
      return;
    }
    const full = fromRepoRoot(path.join(e.configDir, v));
    const stat = statSync(full, { throwIfNoEntry: false });
    if (stat === undefined || (kind === 'file' ? !stat.isFile() : !stat.isDirectory())) {
      f.add(`enricher.${key}`, `${e.configDir}/${v} is not a ${kind} in the repository`);
    }
  };
  if (e.configDir !== null && f.matches('enricher.configDir', e.configDir, RELATIVE, 'a repository-relative directory or null')) {
    if (!statSync(fromRepoRoot(e.configDir), { throwIfNoEntry: false })?.isDirectory()) {
      f.add('enricher.configDir', `${e.configDir} is not a directory in the repository`);
    }
  }
  inDir('resolverConfigFile', 'file');
  inDir('enrichmentsDir', 'directory');
}

function checkLake(f: Findings, { lake: l }: SleetConfig): void {
  f.oneOf('lake.encryption', l.encryption, ['S3_MANAGED', 'KMS'] as const);
  f.int('lake.noncurrentVersionExpirationDays', l.noncurrentVersionExpirationDays, 1, 36_500);
  f.intOrNull('lake.goodExpirationDays', l.goodExpirationDays, 1, 36_500);
  f.intOrNull('lake.badExpirationDays', l.badExpirationDays, 1, 36_500);
  f.intOrNull('lake.rawArchiveGlacierAfterDays', l.rawArchiveGlacierAfterDays, 1, 36_500);
  f.intOrNull('lake.rawArchiveExpirationDays', l.rawArchiveExpirationDays, 1, 36_500);
  if (
    typeof l.rawArchiveGlacierAfterDays === 'number' &&
    typeof l.rawArchiveExpirationDays === 'number' &&
    l.rawArchiveExpirationDays <= l.rawArchiveGlacierAfterDays
  ) {
    f.add('lake.rawArchiveExpirationDays', 'must be later than rawArchiveGlacierAfterDays (or set the transition to null)');
  }
  f.intOrNull('lake.failuresExpirationDays', l.failuresExpirationDays, 1, 36_500);
  f.int('lake.athenaResultsExpirationDays', l.athenaResultsExpirationDays, 1, 36_500);
  if (f.bool('lake.accessLogs', l.accessLogs) && !l.accessLogs) {
    f.warnings.push('lake.accessLogs = false: S3 server access logs for the data buckets are off');
  }
  f.int('lake.accessLogsExpirationDays', l.accessLogsExpirationDays, 1, 36_500);
  f.int('lake.abortIncompleteMultipartUploadDays', l.abortIncompleteMultipartUploadDays, 1, 365);
}

function checkRawArchive(f: Findings, c: SleetConfig): void {
  const r = c.rawArchive;
  f.bool('rawArchive.enabled', r.enabled);
  if (f.matches('rawArchive.prefix', r.prefix, PREFIX, 'an S3 key prefix without leading or trailing slash')) {
    const out = c.enricher.outputPrefix;
    if (typeof out === 'string' && (r.prefix === out || r.prefix.startsWith(`${out}/`) || out.startsWith(`${r.prefix}/`))) {
      f.add('rawArchive.prefix', `must not overlap enricher.outputPrefix (${JSON.stringify(out)})`);
    }
  }
  f.int('rawArchive.bufferingIntervalSecs', r.bufferingIntervalSecs, 60, 900);
  f.int('rawArchive.bufferingSizeMiB', r.bufferingSizeMiB, 1, 128);
  if (r.enabled === false) f.warnings.push('rawArchive.enabled = false: raw data cannot be replayed after the stream retention');
}

function checkAnalytics(f: Findings, { analytics: a }: SleetConfig): void {
  f.bool('analytics.enabled', a.enabled);
  f.matches('analytics.databaseName', a.databaseName, GLUE_NAME, 'lower-case letters, digits and underscores');
  const goodOk = f.matches('analytics.goodTableName', a.goodTableName, GLUE_NAME, 'lower-case letters, digits and underscores');
  const badOk = f.matches('analytics.badTableName', a.badTableName, GLUE_NAME, 'lower-case letters, digits and underscores');
  if (goodOk && badOk && a.goodTableName === a.badTableName) f.add('analytics.badTableName', 'must differ from goodTableName');
  f.matches('analytics.workgroupName', a.workgroupName, /^[A-Za-z0-9._-]{1,128}$/, 'an Athena workgroup name');
  if (f.matches('analytics.projectionStartDate', a.projectionStartDate, /^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')) {
    const d = new Date(`${a.projectionStartDate}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== a.projectionStartDate) {
      f.add('analytics.projectionStartDate', 'is not a calendar date');
    }
  }
  f.int('analytics.bytesScannedCutoffPerQueryGiB', a.bytesScannedCutoffPerQueryGiB, 1, 1_000_000);
}

function checkOperations(f: Findings, { operations: o }: SleetConfig): void {
  if (f.bool('operations.alarms', o.alarms) && !o.alarms) {
    f.warnings.push('operations.alarms = false: no CloudWatch alarms are created');
  }
  f.bool('operations.dashboard', o.dashboard);
  if (o.alarmEmail !== null) {
    f.matches('operations.alarmEmail', o.alarmEmail, /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an e-mail address or null');
  }
  const t = o.thresholds;
  f.int('operations.thresholds.iteratorAgeFreshnessSecs', t.iteratorAgeFreshnessSecs, 60, 604_800);
  if (f.num('operations.thresholds.iteratorAgeLossFraction', t.iteratorAgeLossFraction, 0, 1) && t.iteratorAgeLossFraction === 1) {
    f.add('operations.thresholds.iteratorAgeLossFraction', 'must be below 1 (the alarm must fire before the limit)');
  }
  f.int('operations.thresholds.enricherErrorPeriods', t.enricherErrorPeriods, 1, 288);
  f.int('operations.thresholds.enricherThrottlePeriods', t.enricherThrottlePeriods, 1, 288);
  f.num('operations.thresholds.collector5xxPercent', t.collector5xxPercent, 0, 100);
  f.int('operations.thresholds.unhealthyTargetMinutes', t.unhealthyTargetMinutes, 1, 1440);
  f.num('operations.thresholds.badRowPercent', t.badRowPercent, 0, 100);
  f.num('operations.thresholds.deliveryFreshnessFactor', t.deliveryFreshnessFactor, 1, 100);
}
