import { types } from 'node:util';

/**
 * What the JavaScript enrichment needs from a sandbox, and the limits every engine enforces. Two engines exist:
 * isolated-vm (a separate V8 isolate: heap limit, no shared objects — preferred) and node:vm (a separate realm in the
 * same heap — used only where the isolated-vm native module cannot be loaded; no heap limit).
 */
export interface SandboxLimits {
  /** Wall-clock limit of one `process` call, ms; the script's top level gets ten times this at start-up. */
  readonly timeoutMs: number;
  /** Heap limit, MiB (isolated-vm only; its minimum is 8). */
  readonly memoryLimitMb: number;
  /** Longest accepted JSON result of one call, characters. */
  readonly maxOutputChars: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { timeoutMs: 200, memoryLimitMb: 64, maxOutputChars: 1_000_000 };

export type ScriptEngineName = 'isolated-vm' | 'node-vm';

export interface ScriptEngine {
  readonly name: ScriptEngineName;
  /** Runs `process` on one event; returns the bootstrap's JSON result or throws ScriptRunError. */
  run(eventJson: string): string;
  close(): void;
}

/**
 * The message of something thrown out of a sandbox, read without running any script code: proxies are refused,
 * and only an own data property `message` (or a primitive string) is read — never a getter, never `toString`.
 */
export function safeErrorMessage(err: unknown, fallback: string): string {
  if (typeof err === 'string') return err;
  if (typeof err !== 'object' || err === null || types.isProxy(err)) return fallback;
  const descriptor = Object.getOwnPropertyDescriptor(err, 'message');
  return descriptor !== undefined && 'value' in descriptor && typeof descriptor.value === 'string' ? descriptor.value : fallback;
}

/** Everything a script did wrong at run time (the caller turns it into an enrichment failure). */
export class ScriptRunError extends Error {}

export interface ScriptSource {
  readonly source: string;
  readonly paramsJson: string;
  readonly fieldNames: readonly string[];
}

export function checkOutput(result: unknown, limits: SandboxLimits): string {
  if (typeof result !== 'string') throw new ScriptRunError('the sandbox returned no result');
  if (result.length > limits.maxOutputChars) {
    throw new ScriptRunError(`output of ${result.length} characters exceeds the limit of ${limits.maxOutputChars}`);
  }
  return result;
}
