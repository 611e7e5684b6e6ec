/**
 * The fallback engine of the JavaScript enrichment, for runtimes where the isolated-vm native module cannot be
 * loaded (e.g. a bundled Lambda): a separate realm from `node:vm`, created on a null-prototype global so that no
 * host object — and so no host `Function` constructor — is reachable from the script; WebAssembly disabled;
 * microtasks drained inside the time limit; only strings passed in (as a global) and read out (the run script's
 * result); everything the script throws is caught and described inside the sandbox, within the time limit.
 *
 * Limits stated plainly: node:vm is not a security boundary against V8 bugs, and the script shares the host's heap
 * (no memory limit — the per-call timeout bounds how much it can allocate). Prefer the isolated-vm engine.
 */
import { Context, createContext, Script } from 'node:vm';
import { bootstrapSource, INPUT_GLOBAL, RUN_SOURCE, START_SOURCE } from './javascript-script-bootstrap';
import { checkOutput, safeErrorMessage, SandboxLimits, ScriptEngine, ScriptRunError, ScriptSource } from './javascript-script-engine';

const runScript = new Script(RUN_SOURCE, { filename: 'sleet-run' });
const startScript = new Script(START_SOURCE, { filename: 'sleet-start' });

export class NodeVmEngine implements ScriptEngine {
  readonly name = 'node-vm' as const;
  readonly #global: Record<string, unknown>;
  readonly #context: Context;
  #closed = false;

  constructor(script: ScriptSource, private readonly limits: SandboxLimits) {
    this.#global = Object.create(null) as Record<string, unknown>;
    // A plain, non-configurable data property: the script cannot turn it into an accessor that would run its code
    // when the host writes the input.
    Object.defineProperty(this.#global, INPUT_GLOBAL, { value: undefined, writable: true, configurable: false, enumerable: false });
    this.#context = createContext(this.#global, {
      name: 'javascript_script_config',
      // String code generation stays on: the bootstrap starts the script with indirect eval (inside its own
      // try/catch). Escapes through a host Function constructor are prevented by the null-prototype global.
      codeGeneration: { strings: true, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    const timeout = limits.timeoutMs * 10;
    new Script(bootstrapSource(script.fieldNames, script.paramsJson), { filename: 'sleet-bootstrap' }).runInContext(this.#context, {
      timeout,
      displayErrors: false,
    });
    const problem = this.#call(startScript, script.source, timeout);
    if (problem !== '') throw new Error(problem);
  }

  /** Hands `input` to the sandbox and runs `script`; only a primitive string result is read. */
  #call(script: Script, input: string, timeout: number): string {
    this.#global[INPUT_GLOBAL] = input;
    try {
      const result: unknown = script.runInContext(this.#context, { timeout, displayErrors: false, breakOnSigint: false });
      if (typeof result !== 'string') throw new ScriptRunError('the sandbox returned no result');
      return result;
    } catch (err) {
      if (err instanceof ScriptRunError) throw err;
      // Everything the script throws is caught inside the sandbox; what arrives here is the host's timeout error.
      throw new ScriptRunError(safeErrorMessage(err, 'the script failed'));
    } finally {
      this.#global[INPUT_GLOBAL] = undefined;
    }
  }

  run(eventJson: string): string {
    if (this.#closed) throw new ScriptRunError('the JavaScript enrichment is closed');
    return checkOutput(this.#call(runScript, eventJson, this.limits.timeoutMs), this.limits);
  }

  close(): void {
    this.#closed = true;
  }
}
