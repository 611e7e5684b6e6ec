/**
 * `sleet collector --config FILE`: validates the config once, starts the collector, and stops it gracefully on
 * SIGTERM/SIGINT within shutdownTimeoutSecs (exit 0 when everything acknowledged is durable, 1 otherwise).
 */
import { ConfigError } from '../common/config/load-config';
import { stopOnSignals } from '../common/lifecycle';
import { createLogger } from '../common/logger';
import { describeConfig } from './config/describe';
import { loadCollectorConfig } from './config/load';
import { startCollector } from './main';

export const USAGE = `usage: sleet collector --config FILE [--check]

Snowplow-compatible collector: serves the tracker protocol over HTTP and writes Thrift CollectorPayloads to
Kinesis (or to files). Answers 200 only once events are durable (ack.mode durable), 503 + Retry-After otherwise.

options:
  --config FILE   JSON or YAML config file (see collector/config/reference.yaml); required
  --check         validate the config, print it with defaults filled in, and exit
  -h, --help      this help

config keys (units are in the names):
`;

export function help(): string {
  return `${USAGE}${describeConfig()}\n`;
}

function parseArgs(argv: string[]): { config?: string; check: boolean; help: boolean; error?: string } {
  const out: { config?: string; check: boolean; help: boolean; error?: string } = { check: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') out.help = true;
    else if (a === '--check') out.check = true;
    else if (a === '--config' || a === '-c') {
      const v = argv[++i];
      if (v === undefined) return { ...out, error: `${a} needs a file` };
      out.config = v;
    } else if (a.startsWith('--config=')) out.config = a.slice('--config='.length);
    else return { ...out, error: `unknown option ${JSON.stringify(a)}` };
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(help());
    return 0;
  }
  if (args.error !== undefined || args.config === undefined) {
    process.stderr.write(`sleet collector: ${args.error ?? '--config FILE is required'}\n\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = loadCollectorConfig(args.config, process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`sleet collector: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args.check) {
    process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    return 0;
  }
  const log = createLogger({ level: config.logging.level, name: 'sleet-collector' });
  const running = await startCollector(config, { log });
  stopOnSignals(running, { timeoutSecs: config.shutdownTimeoutSecs, log });
  // Runs until a signal: stopOnSignals exits the process.
  return new Promise<number>(() => undefined);
}
