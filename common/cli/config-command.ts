/**
 * The shared front of `sleet <command> --config FILE [--check]` commands: argument parsing, `--help`, the config
 * loaded and validated once (a ConfigError is printed and exits 2), and `--check` (print the config with defaults
 * filled in, exit 0).
 */
import { ConfigError } from '../config/load-config';

export interface ConfigCommandArgs {
  config?: string;
  check: boolean;
  help: boolean;
  error?: string;
}

export function parseConfigArgs(argv: readonly string[]): ConfigCommandArgs {
  const out: ConfigCommandArgs = { check: false, help: false };
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

export interface ConfigCommand<T> {
  /** e.g. `sleet collector` (prefix of error messages). */
  readonly command: string;
  readonly usage: string;
  help(): string;
  load(file: string): T;
}

/** Returns the loaded config to run with, or the exit code when the command is already finished. */
export function prepareConfigCommand<T>(cmd: ConfigCommand<T>, argv: readonly string[]): { config: T } | { exitCode: number } {
  const args = parseConfigArgs(argv);
  if (args.help) {
    process.stdout.write(cmd.help());
    return { exitCode: 0 };
  }
  if (args.error !== undefined || args.config === undefined) {
    process.stderr.write(`${cmd.command}: ${args.error ?? '--config FILE is required'}\n\n${cmd.usage}`);
    return { exitCode: 2 };
  }
  let config: T;
  try {
    config = cmd.load(args.config);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${cmd.command}: ${e.message}\n`);
      return { exitCode: 2 };
    }
    throw e;
  }
  if (args.check) {
    process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    return { exitCode: 0 };
  }
  return { config };
}
