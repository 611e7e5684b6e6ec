/**
 * The preferred engine of the JavaScript enrichment: a separate V8 isolate (npm `isolated-vm`) with its own heap
 * limit, a time limit per call, and no Node.js API at all (no `require`, `process`, timers, I/O). Only strings cross
 * the boundary. An isolate killed by its memory limit is rebuilt for the next event.
 *
 * isolated-vm is a native module, loaded only when a JavaScript enrichment is configured. On Node 20 its authors ask
 * for `node --no-node-snapshot` (or NODE_OPTIONS=--no-node-snapshot) to avoid a V8 shared-heap crash.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type IsolatedVM from 'isolated-vm';
import { bootstrapSource, RUN_FUNCTION, START_FUNCTION } from './javascript-script-bootstrap';
import { checkOutput, safeErrorMessage, SandboxLimits, ScriptEngine, ScriptRunError, ScriptSource } from './javascript-script-engine';

type IvmModule = typeof IsolatedVM;

/** Loads isolated-vm; throws when the native module is missing or was built for another Node.js. */
export function loadIsolatedVm(): IvmModule {
  // The package's main file is `module.exports = require('./out/isolated_vm').ivm`; requiring the addon by its full
  // file name also works where `.node` is not a resolvable extension (jest, some bundlers).
  const req = createRequire(__filename);
  const addon = join(dirname(req.resolve('isolated-vm/package.json')), 'out', 'isolated_vm.node');
  return (req(addon) as { ivm: IvmModule }).ivm;
}

interface Live {
  readonly isolate: IsolatedVM.Isolate;
  readonly run: IsolatedVM.Reference<(eventJson: string) => string>;
}

export class IsolatedVmEngine implements ScriptEngine {
  readonly name = 'isolated-vm' as const;
  #live: Live | null;
  #closed = false;

  /** Compiles the bootstrap and the script; throws Error (syntax error, timeout, no `process`) at start-up. */
  constructor(
    private readonly ivm: IvmModule,
    private readonly script: ScriptSource,
    private readonly limits: SandboxLimits,
  ) {
    this.#live = this.#start();
  }

  #start(): Live {
    const isolate = new this.ivm.Isolate({ memoryLimit: this.limits.memoryLimitMb });
    try {
      const context = isolate.createContextSync();
      const jail = context.global;
      const timeout = this.limits.timeoutMs * 10;
      const bootstrap = bootstrapSource(this.script.fieldNames, this.script.paramsJson);
      isolate.compileScriptSync(bootstrap, { filename: 'sleet-bootstrap' }).runSync(context, { timeout });
      const start = jail.getSync(START_FUNCTION, { reference: true }) as IsolatedVM.Reference<(source: string) => string>;
      const problem = start.applySync(undefined, [this.script.source], { arguments: { copy: true }, result: { copy: true }, timeout });
      if (problem !== '') throw new Error(String(problem));
      const run = jail.getSync(RUN_FUNCTION, { reference: true }) as IsolatedVM.Reference<(eventJson: string) => string>;
      return { isolate, run };
    } catch (err) {
      if (!isolate.isDisposed) isolate.dispose();
      throw err;
    }
  }

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
      // isolated-vm copies errors out of the isolate as host objects; read without running any code all the same.
      const message = safeErrorMessage(err, 'the script failed');
      if (live.isolate.isDisposed) this.#live = null;
      throw new ScriptRunError(message);
    }
    return checkOutput(result, this.limits);
  }

  close(): void {
    this.#closed = true;
    if (this.#live !== null && !this.#live.isolate.isDisposed) this.#live.isolate.dispose();
    this.#live = null;
  }
}
