/**
 * `sleet enricher --config FILE`: the standalone consumer. Validates the config, consumes every shard of the raw
 * stream into hourly S3 (or local) batches, and on SIGTERM/SIGINT flushes open batches and commits their
 * checkpoints within shutdownTimeoutSecs (exit 0), else exits 1 (uncommitted batches are rebuilt on the next start).
 */
import { prepareConfigCommand } from '../../../common/cli/config-command';
import { createLogger } from '../../../common/logger';
import { STANDALONE_CONFIG_SCHEMA, STANDALONE_ENV_OVERRIDES, loadStandaloneConfig } from './config';
import { startStandaloneEnricher } from './main';

export const USAGE = `usage: sleet enricher --config FILE [--check]

Standalone enricher: reads every shard of the raw Kinesis stream (following splits and merges, parents first),
enriches, and writes hourly batches to S3 or a directory:
  <prefix>/good/dt=YYYY-MM-DD/hr=HH/<stream>-<shard>-<firstSeq>.tsv.gz
  <prefix>/bad/dt=YYYY-MM-DD/hr=HH/<stream>-<shard>-<firstSeq>.jsonl.gz
Checkpoints (DynamoDB or S3) move only after a batch is durable; a restart resumes exactly. One process only:
scale out with the Lambda handler (docs/runtime.md).

options:
  --config FILE   JSON or YAML config file (see enricher/config/reference.yaml); required
  --check         validate the config, print it with defaults filled in, and exit
  -h, --help      this help

config keys (units are in the names):
`;

interface SchemaNode {
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
}

export function help(): string {
  const lines: string[] = [];
  const walk = (node: SchemaNode, prefix: string): void => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (child.properties !== undefined) walk(child, path);
      else lines.push(`  ${path} (default ${JSON.stringify(child.default)})`, `      ${child.description ?? ''}`);
    }
  };
  walk(STANDALONE_CONFIG_SCHEMA as SchemaNode, '');
  lines.push('', 'environment overrides:');
  for (const o of STANDALONE_ENV_OVERRIDES) lines.push(`  ${o.env.padEnd(34)} → ${o.path.join('.')}`);
  return `${USAGE}${lines.join('\n')}\n`;
}

export async function run(argv: string[]): Promise<number> {
  const prepared = prepareConfigCommand({ command: 'sleet enricher', usage: USAGE, help, load: (file) => loadStandaloneConfig(file, process.env) }, argv);
  if ('exitCode' in prepared) return prepared.exitCode;
  const config = prepared.config;
  const log = createLogger({ level: config.logging.level, name: 'sleet-enricher' });
  const running = await startStandaloneEnricher(config, { log });
  return new Promise<number>((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) {
        log.warn({ signal }, 'second signal, exiting now');
        resolve(1);
        return;
      }
      signalled = true;
      log.info({ signal, timeoutSecs: config.shutdownTimeoutSecs }, 'stopping: flushing open batches');
      running.stop(config.shutdownTimeoutSecs * 1000).then(
        () => {
          const abandoned = running.consumer.abandonedShards;
          if (abandoned > 0) log.warn({ abandoned }, 'stopped with uncommitted batches (rebuilt on the next start)');
          else log.info('stopped');
          resolve(abandoned > 0 ? 1 : 0);
        },
        (err: unknown) => {
          log.error({ err }, 'stop failed');
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    running.done.catch((err: unknown) => {
      log.fatal({ err }, 'enricher failed');
      resolve(1);
    });
  }).then((code) => {
    // Exit explicitly: idle keep-alive sockets of the SDK clients must not hold the process.
    setImmediate(() => process.exit(code));
    return code;
  });
}
