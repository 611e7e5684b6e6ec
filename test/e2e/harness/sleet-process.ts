/**
 * A `sleet <command> --config <file>` child process, the way an operator runs it: started through bin/sleet.js,
 * its output kept (bounded) for failure reports, stopped with SIGTERM by its own PID (SIGKILL if it hangs).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './prerequisites';

const OUTPUT_LIMIT = 200_000;

export interface SleetProcess {
  readonly command: string;
  readonly pid: number;
  /** stdout and stderr interleaved, last ~200 kB. */
  output(): string;
  /** Exit code or signal once it has exited, else undefined. */
  exited(): string | undefined;
  /** SIGTERM, wait up to `graceMs`, then SIGKILL. Resolves with how it ended. Idempotent. */
  stop(graceMs?: number): Promise<string>;
}

export function startSleet(command: string, configFile: string, env: NodeJS.ProcessEnv = {}): SleetProcess {
  const child: ChildProcess = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'sleet.js'), command, '--config', configFile], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NODE_OPTIONS: '',
      ...env,
    },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let ended: string | undefined;
  const exit = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = signal !== null ? `signal ${signal}` : `exit code ${code}`;
      resolve(ended);
    });
    child.once('error', (err) => {
      ended = `spawn error ${err.message}`;
      resolve(ended);
    });
  });
  let stopping: Promise<string> | undefined;
  return {
    command,
    pid: child.pid ?? -1,
    output: () => output,
    exited: () => ended,
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (ended !== undefined) return ended;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const how = await exit;
        clearTimeout(timer);
        return how;
      })();
      return stopping;
    },
  };
}

/**
 * Polls `check` until it returns a value other than undefined; fails with `describe()` after `timeoutMs`, or at once
 * when `abortIf` returns a reason (e.g. the process being waited for has exited).
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  opts: { timeoutMs: number; intervalMs?: number; describe?: () => string; abortIf?: () => string | undefined },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError = '';
  for (;;) {
    const abort = opts.abortIf?.();
    if (abort !== undefined) throw new Error(`gave up waiting for ${what}: ${abort}\n${opts.describe?.() ?? ''}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      const details = opts.describe?.() ?? '';
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}\n${details}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}
