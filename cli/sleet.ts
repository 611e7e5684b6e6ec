/**
 * `sleet <command>`: one CLI, one module per subcommand. Each command module exports `run(argv)` and is loaded
 * lazily so that `sleet collector` never loads the enricher and vice versa.
 */
export interface Command {
  readonly summary: string;
  /** Resolves with the process exit code once the command is finished (servers resolve on shutdown). */
  load(): Promise<{ run(argv: string[]): Promise<number> }>;
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  // Each subcommand registers itself here: name → lazy import of its `cli.ts` (exports `run(argv)`).
  // require, not import(): under tsx/cjs (bin/sleet.js from source) a dynamic import() of an extensionless .ts fails.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy CommonJS load, see the line above
  collector: { summary: 'Snowplow-compatible collector: tracker HTTP → Thrift CollectorPayloads → Kinesis', load: async () => require('../collector/cli') as typeof import('../collector/cli') },
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy CommonJS load, see above
  enricher: { summary: 'Standalone enricher: Kinesis raw stream → enrich → hourly S3 (or local) batches, exactly-once keys', load: async () => require('../enricher/runtimes/standalone/cli') as typeof import('../enricher/runtimes/standalone/cli') },
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy CommonJS load, see above
  start: { summary: 'Local pipeline (= npm start): collector + enricher + Snowplow Micro API on :9090, output to ./sleet-data, no AWS', load: async () => require('../enricher/runtimes/local/cli') as typeof import('../enricher/runtimes/local/cli') },
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy CommonJS load, see above
  enrich: { summary: 'Enrich raw payloads from a file (one base64 Thrift record per line) → TSV and bad-row files', load: async () => require('../enricher/cli/enrich') as typeof import('../enricher/cli/enrich') },
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy CommonJS load, see above
  schemas: { summary: 'Iglu schema tools: `schemas mirror` copies a repository into an embedded directory (air-gapped)', load: async () => require('../enricher/cli/schemas') as typeof import('../enricher/cli/schemas') },
};

export function usage(): string {
  const lines = ['usage: sleet <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `sleet <command> --help` for the options of a command.');
  return lines.join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { SLEET_VERSION } = await import('../common/version');
    process.stdout.write(`${SLEET_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`sleet: unknown command ${JSON.stringify(name)}\n\n${usage()}\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}

export function main(argv: string[]): void {
  runCli(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`sleet: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
