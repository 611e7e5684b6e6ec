/** `sleet start` options: flags with defaults that need no AWS account and no licensed file. */
import { join } from 'node:path';

export interface LocalOptions {
  /** Collector port (Micro's default). 0 = ephemeral. */
  port: number;
  /** Bind address: 127.0.0.1 keeps the pipeline on this machine; 0.0.0.0 lets phones and containers reach it. */
  host: string;
  /** Output directory, laid out like the S3 bucket (good/ and bad/ under hourly partitions). */
  outputDir: string;
  /** Iglu resolver config; null = Sleet's schemas, then Iglu Central over HTTP. */
  resolverConfigFile: string | null;
  /** Enrichment configs; null = the default set (campaign attribution, event fingerprint, user agent context). */
  enrichmentsDir: string | null;
  /** Objects are written to the output directory within about this many seconds. */
  flushMaxAgeSecs: number;
  /** Events kept for the Micro API, per kind. */
  microMaxEvents: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export const DEFAULT_ENRICHMENTS_DIR = join(__dirname, 'default-enrichments');

export function defaultLocalOptions(): LocalOptions {
  return {
    port: 9090,
    host: '127.0.0.1',
    outputDir: './sleet-data',
    resolverConfigFile: null,
    enrichmentsDir: null,
    flushMaxAgeSecs: 2,
    microMaxEvents: 100_000,
    logLevel: 'warn',
  };
}

export const LOCAL_USAGE = `usage: sleet start [options]        (also: npm start)

Runs the whole pipeline on this machine, no AWS account needed: the collector on one port, the enricher behind it,
enriched events and bad rows written to a directory with the same layout as the S3 bucket, and Snowplow Micro's
REST API (/micro/all, /micro/good, /micro/bad, /micro/reset) on the same port for test suites.

options:
  --port N            collector and Micro API port (default 9090; 0 = any free port)
  --host ADDRESS      bind address (default 127.0.0.1; 0.0.0.0 to accept phones, emulators, containers)
  --output DIR        output directory (default ./sleet-data)
  --resolver FILE     Iglu resolver config (default: Sleet's schemas, then Iglu Central over HTTP)
  --enrichments DIR   Snowplow enrichment configs (default: campaign_attribution, event_fingerprint,
                      dev.sleet user_agent_context — none needs a licensed file or the network)
  --flush-secs N      write objects at least this often (default 2)
  --verbose           log at info level (default: warnings only)
  -h, --help          this help
`;

export function parseLocalArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): { options: LocalOptions; help: boolean; error?: string } {
  const o = defaultLocalOptions();
  if (env.SLEET_PORT !== undefined && env.SLEET_PORT !== '') o.port = Number(env.SLEET_PORT);
  let help = false;
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      switch (a) {
        case '-h':
        case '--help':
          help = true;
          break;
        case '--port':
          o.port = Number(value(i++, a));
          break;
        case '--host':
          o.host = value(i++, a);
          break;
        case '--output':
          o.outputDir = value(i++, a);
          break;
        case '--resolver':
          o.resolverConfigFile = value(i++, a);
          break;
        case '--enrichments':
          o.enrichmentsDir = value(i++, a);
          break;
        case '--flush-secs':
          o.flushMaxAgeSecs = Number(value(i++, a));
          break;
        case '--verbose':
          o.logLevel = 'info';
          break;
        default:
          throw new Error(`unknown option ${JSON.stringify(a)}`);
      }
    }
    if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`--port must be 0–65535, got ${o.port}`);
    if (!Number.isFinite(o.flushMaxAgeSecs) || o.flushMaxAgeSecs <= 0) throw new Error(`--flush-secs must be a positive number, got ${o.flushMaxAgeSecs}`);
  } catch (e) {
    return { options: o, help, error: (e as Error).message };
  }
  return { options: o, help };
}
