/**
 * The sandbox of the JavaScript enrichment: a separate V8 isolate (npm `isolated-vm`) with its own heap limit, a
 * time limit per call, and no Node.js API at all (no `require`, `process`, timers, I/O). Only strings cross the
 * boundary, in both directions. An isolate killed by its memory limit is rebuilt for the next event.
 *
 * isolated-vm is a native module, loaded only when a JavaScript enrichment is configured. On Node 20 its authors ask
 * for `node --no-node-snapshot` (or NODE_OPTIONS=--no-node-snapshot) to avoid a V8 shared-heap crash.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type IsolatedVM from 'isolated-vm';
import { bootstrapSource, RUN_FUNCTION } from './javascript-script-bootstrap';

export interface SandboxLimits {
  /** Wall-clock limit of one `process` call (and of the script's top level at start-up ×10), ms. */
  readonly timeoutMs: number;
  /** Heap limit of the isolate, MiB (isolated-vm's minimum is 8). */
  readonly memoryLimitMb: number;
  /** Longest accepted JSON result of one call, characters. */
  readonly maxOutputChars: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { timeoutMs: 200, memoryLimitMb: 64, maxOutputChars: 1_000_000 };

/** Thrown by `run` for anything the script did wrong (the caller turns it into an enrichment failure). */
export class ScriptRunError extends Error {}

type IvmModule = typeof IsolatedVM;

export function loadIsolatedVm(): IvmModule {
  // Loaded lazily (native module): only deployments with a JavaScript enrichment need it to build and load.
  // The package's main file is `module.exports = require('./out/isolated_vm').ivm`; requiring the addon by its full
  // file name also works where `.node` is not a resolvable extension (jest, some bundlers).
  const req = createRequire(__filename);
  const addon = join(dirname(req.resolve('isolated-vm/package.json')), 'out', 'isolated_vm.node');
  return (req(addon) as { ivm: IvmModule }).ivm;
}

interface Live {
  readonly isolate: IsolatedVM.Isolate;
  readonly context: IsolatedVM.Context;
  readonly run: IsolatedVM.Reference<(eventJson: string) => string>;
}

export class ScriptSandbox {
  #live: Live | null = null;
  #closed = false;

  /** Compiles the script and the bootstrap; throws Error (syntax error, timeout, no `process`) at start-up. */
  constructor(
    private readonly ivm: IvmModule,
    private readonly source: string,
    private readonly paramsJson: string,
    private readonly fieldNames: readonly string[],
    private readonly limits: SandboxLimits,
  ) {
    this.#live = this.#start();
  }

  #start(): Live {
    const isolate = new this.ivm.Isolate({ memoryLimit: this.limits.memoryLimitMb });
    try {
      const context = isolate.createContextSync();
      const jail = context.global;
      jail.setSync('globalThis', jail.derefInto());
      // The config object (1-0-1 `config`) arrives as JSON text and is parsed inside the isolate.
      context.evalSync(`globalThis.__sleetParams = JSON.parse(${JSON.stringify(this.paramsJson)});`);
      const startupMs = this.limits.timeoutMs * 10;
      isolate.compileScriptSync(this.source, { filename: 'javascript_script_config' }).runSync(context, { timeout: startupMs });
      isolate.compileScriptSync(bootstrapSource(this.fieldNames), { filename: 'sleet-bootstrap' }).runSync(context, { timeout: startupMs });
      const run = jail.getSync(RUN_FUNCTION, { reference: true }) as IsolatedVM.Reference<(eventJson: string) => string>;
      return { isolate, context, run };
    } catch (err) {
      if (!isolate.isDisposed) isolate.dispose();
      throw err;
    }
  }

  /** Runs `process` on one event; returns the bootstrap's JSON result or throws ScriptRunError. */
  run(eventJson: string): string {
    if (this.#closed) throw new ScriptRunError('the JavaScript enrichment is closed');
    if (this.#live === null || this.#live.isolate.isDisposed) this.#live = this.#start();
    const live = this.#live;
    let result: unknown;
    try {
      result = live.run.applySync(undefined, [eventJson], {
        arguments: { copy: true },
        result: { copy: true },
        timeout: this.limits.timeoutMs,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (live.isolate.isDisposed) this.#live = null;
      throw new ScriptRunError(message);
    }
    if (typeof result !== 'string') throw new ScriptRunError('the sandbox returned no result');
    if (result.length > this.limits.maxOutputChars) {
      throw new ScriptRunError(`output of ${result.length} characters exceeds the limit of ${this.limits.maxOutputChars}`);
    }
    return result;
  }

  close(): void {
    this.#closed = true;
    if (this.#live !== null && !this.#live.isolate.isDisposed) this.#live.isolate.dispose();
    this.#live = null;
  }
}
