/**
 * `sleet collector --config FILE`: validates the config once, starts the collector, and stops it gracefully on
 * SIGTERM/SIGINT within shutdownTimeoutSecs (exit 0 when everything acknowledged is durable, 1 otherwise).
 */
import { prepareConfigCommand } from '../common/cli/config-command';
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

export async function run(argv: string[]): Promise<number> {
  const prepared = prepareConfigCommand({ command: 'sleet collector', usage: USAGE, help, load: (file) => loadCollectorConfig(file, process.env) }, argv);
  if ('exitCode' in prepared) return prepared.exitCode;
  const config = prepared.config;
  const log = createLogger({ level: config.logging.level, name: 'sleet-collector' });
  const running = await startCollector(config, { log });
  stopOnSignals(running, { timeoutSecs: config.shutdownTimeoutSecs, log });
  // Runs until a signal: stopOnSignals exits the process.
  return new Promise<number>(() => undefined);
}
