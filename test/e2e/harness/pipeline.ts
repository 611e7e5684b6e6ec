/**
 * The whole pipeline on loopback, every part real: kinesalite and s3rver (real wire protocols), two Iglu registries
 * (../shared/iglu-central and this repository's schemas/), the collector (`sleet collector`, durable mode) behind a
 * forwarding proxy that adds the visitor's X-Forwarded-For, and the standalone enricher (`sleet enricher`) with a
 * realistic enrichment set, reading Kinesis and writing gzip TSV and bad rows to S3.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import {
  createBucket,
  createStream,
  Emulator,
  kinesisClient,
  s3Client,
  startEmulator,
  TEST_CREDENTIALS,
} from '../../harness/emulators';
import { IgluStaticServer, startIgluStaticServer } from '../../harness/iglu-static-server';
import { collectorConfig } from './collector-config';
import { writeEnrichmentSet } from './enrichment-configs';
import { enricherConfig, resolverConfig } from './enricher-config';
import { ForwardingProxy, startForwardingProxy } from './forwarding-proxy';
import { freeLoopbackPort } from './free-port';
import { REPO_ROOT, SHARED_FILES } from './prerequisites';
import { SleetProcess, startSleet, waitFor } from './sleet-process';

export interface PipelineOptions {
  /** Scratch directory for config files and caches (removed by the caller). */
  readonly workDir: string;
  /** The address every visitor appears to come from (X-Forwarded-For added by the proxy). */
  readonly clientIp: string;
  readonly searchEngineHost: string;
  readonly internalDomains: readonly string[];
}

export interface RunningPipeline {
  /** Port where trackers reach the collector (through the forwarding proxy). */
  readonly publicPort: number;
  readonly s3: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  readonly collector: SleetProcess;
  readonly enricher: SleetProcess;
  readonly proxy: ForwardingProxy;
  /** Recent output of the child processes, for failure messages. */
  diagnostics(): string;
  stop(): Promise<void>;
}

export const RAW_STREAM = 'sleet-e2e-raw';
export const COLLECTOR_BAD_STREAM = 'sleet-e2e-collector-bad';
export const BUCKET = 'sleet-e2e-output';
export const PREFIX = 'enriched';

const tail = (text: string, lines = 40) => text.split('\n').slice(-lines).join('\n');

export async function startPipeline(opts: PipelineOptions): Promise<RunningPipeline> {
  const stops: Array<() => Promise<unknown>> = [];
  const processes: SleetProcess[] = [];
  const diagnostics = () =>
    processes.map((p) => `--- sleet ${p.command} (pid ${p.pid}, ${p.exited() ?? 'running'}) ---\n${tail(p.output())}`).join('\n');
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const [kinesalite, s3rver] = await Promise.all([startEmulator('kinesalite'), startEmulator('s3rver')]);
    stops.push(() => kinesalite.stop(), () => s3rver.stop());
    const kinesis = kinesisClient(kinesalite.endpoint);
    await createStream(kinesis, RAW_STREAM, 1);
    await createStream(kinesis, COLLECTOR_BAD_STREAM, 1);
    kinesis.destroy();
    const s3 = s3Client(s3rver.endpoint);
    stops.push(async () => s3.destroy());
    await createBucket(s3, BUCKET);

    const [igluCentral, sleetSchemas] = await Promise.all([
      startIgluStaticServer({ root: SHARED_FILES.igluCentral }),
      startIgluStaticServer({ root: join(REPO_ROOT, 'schemas') }),
    ]);
    stops.push(() => igluCentral.close(), () => sleetSchemas.close());

    const awsEnv = childAwsEnv();
    const collectorPort = await freeLoopbackPort();
    const collectorFile = writeJson(opts.workDir, 'collector.json', collectorConfig({
      port: collectorPort,
      kinesisEndpoint: kinesalite.endpoint,
      goodStream: RAW_STREAM,
      badStream: COLLECTOR_BAD_STREAM,
      metricsPort: await freeLoopbackPort(),
    }));
    const collector = startSleet('collector', collectorFile, awsEnv);
    processes.push(collector);
    stops.push(() => collector.stop());
    await waitForHttp(`http://127.0.0.1:${collectorPort}/health`, collector);
    await waitForHttp(`http://127.0.0.1:${collectorPort}/sink-health`, collector);

    const proxy = await startForwardingProxy(collectorPort, opts.clientIp);
    stops.push(() => proxy.close());

    const enricherFile = writeEnricherFiles(opts, kinesalite, s3rver, igluCentral, sleetSchemas, await freeLoopbackPort());
    const enricher = startSleet('enricher', enricherFile, awsEnv);
    processes.push(enricher);
    stops.push(() => enricher.stop());
    await waitForEnricher(enricher);

    return {
      publicPort: proxy.port,
      s3,
      bucket: BUCKET,
      prefix: PREFIX,
      collector,
      enricher,
      proxy,
      diagnostics,
      stop,
    };
  } catch (err) {
    const details = diagnostics();
    await stop();
    if (err instanceof Error && details !== '') err.message += `\n${details}`;
    throw err;
  }
}

function childAwsEnv(): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
  };
}

function writeJson(dir: string, name: string, value: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

function writeEnricherFiles(
  opts: PipelineOptions,
  kinesalite: Emulator,
  s3rver: Emulator,
  igluCentral: IgluStaticServer,
  sleetSchemas: IgluStaticServer,
  metricsPort: number,
): string {
  const enrichmentsDir = join(opts.workDir, 'enrichments');
  writeEnrichmentSet({
    directory: enrichmentsDir,
    geoDatabaseFile: SHARED_FILES.geoCityDb,
    searchEngineHost: opts.searchEngineHost,
    internalDomains: opts.internalDomains,
  });
  const resolverFile = writeJson(opts.workDir, 'iglu-resolver.json', resolverConfig(igluCentral.uri, sleetSchemas.uri));
  return writeJson(opts.workDir, 'enricher.json', enricherConfig({
    kinesisEndpoint: kinesalite.endpoint,
    s3Endpoint: s3rver.endpoint,
    stream: RAW_STREAM,
    bucket: BUCKET,
    prefix: PREFIX,
    resolverFile,
    enrichmentsDir,
    cacheDir: join(opts.workDir, 'enricher-cache'),
    metricsPort,
  }));
}

function exitReason(process: SleetProcess): string | undefined {
  const exited = process.exited();
  return exited === undefined ? undefined : `sleet ${process.command} exited (${exited})`;
}

/** Failures carry the child processes' output (added by startPipeline's error handler). */
async function waitForHttp(url: string, process: SleetProcess): Promise<void> {
  await waitFor(
    `${url} to answer 200`,
    async () => ((await fetch(url)).status === 200 ? true : undefined),
    { timeoutMs: 30_000, intervalMs: 200, abortIf: () => exitReason(process) },
  );
}

async function waitForEnricher(process: SleetProcess): Promise<void> {
  await waitFor(
    'the enricher to start consuming',
    async () => (process.output().includes('"msg":"enricher consuming"') ? true : undefined),
    { timeoutMs: 30_000, intervalMs: 200, abortIf: () => exitReason(process) },
  );
}
