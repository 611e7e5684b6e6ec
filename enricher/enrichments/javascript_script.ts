/**
 * javascript_script_config — `iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-*`
 * (spec/enrich.md §4.14). Runs the user's `process(event, params, headers)` (base64 `script`, optional `config`
 * object passed as `params`) in an isolated V8 sandbox with a time and memory limit and no host access
 * (javascript-script-sandbox.ts). The returned array of self-describing JSONs becomes derived contexts; a throw, a
 * timeout, an exhausted heap, an oversized or malformed result becomes an `enrichment_failures` message
 * (identifier `Javascript enrichment`); `event.drop()` drops the event on purpose.
 */
import { parse as parseLossless } from 'lossless-json';
import type { SelfDescribingJson } from '../model/self-describing';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory, EnrichmentFailureMessage, EnrichmentResult } from './enrichment';
import { applyScriptChanges, SCRIPT_FIELD_NAMES, scriptEventJson, validateScriptContexts } from './javascript-script-event';
import {
  DEFAULT_SANDBOX_LIMITS,
  SandboxLimits,
  ScriptEngine,
  ScriptEngineName,
  safeErrorMessage,
  ScriptRunError,
  ScriptSource,
} from './javascript-script-engine';
import { NodeVmEngine } from './javascript-script-node-vm';
import { IsolatedVmEngine, loadIsolatedVm } from './javascript-script-sandbox';

const NAME = 'javascript_script_config';
export const JAVASCRIPT_IDENTIFIER = 'Javascript enrichment';
const DEFAULT_CONFIG_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-1';
const BASE64 = /^[A-Za-z0-9+/_\-=\s]*$/;
/** Longest failure message kept in a bad row. */
const MAX_ERROR_CHARS = 2000;

export interface JavascriptScriptConfig {
  /** The decoded script source. */
  readonly source: string;
  /** `config` (schema 1-0-1) as JSON text, handed to the script as `params`. */
  readonly paramsJson: string;
}

export function parseJavascriptScriptConfig(parameters: unknown, file: string): JavascriptScriptConfig {
  const fail = (problem: string): never => {
    throw new EnrichmentConfigError(file, NAME, problem);
  };
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return fail('parameters must be an object with a base64 "script"');
  }
  const p = parameters as Record<string, unknown>;
  for (const key of Object.keys(p)) if (key !== 'script' && key !== 'config') fail(`unknown parameter "${key}"`);
  if (typeof p.script !== 'string' || p.script.trim() === '') return fail('parameters.script must be the base64-encoded JavaScript source');
  if (!BASE64.test(p.script)) fail('parameters.script is not base64 (encode the script, e.g. `base64 -w0 script.js`)');
  const source = Buffer.from(p.script.replace(/\s/g, ''), 'base64').toString('utf8');
  if (source.includes('\uFFFD')) fail('parameters.script does not decode to UTF-8 text');
  if (p.config !== undefined && (typeof p.config !== 'object' || p.config === null || Array.isArray(p.config))) {
    fail('parameters.config must be an object');
  }
  return { source, paramsJson: JSON.stringify(p.config ?? {}) };
}

type ScriptResult =
  | { error: string }
  | { badOutput: string }
  | { contexts: unknown; set: Record<string, unknown>; drop: boolean; erase: boolean };

export interface JavascriptScriptOptions {
  readonly limits?: SandboxLimits;
  /** Forces an engine; by default isolated-vm when its native module loads, else node:vm. */
  readonly engine?: ScriptEngineName;
  /** Told which engine runs the script, and why the fallback was needed. */
  readonly onEngine?: (engine: ScriptEngineName, fallbackReason?: string) => void;
}

/** Builds the sandbox for a script (start-up errors — syntax, timeout, no `process` — are thrown as Error). */
export function createScriptEngine(script: ScriptSource, options: JavascriptScriptOptions = {}): ScriptEngine {
  const limits = options.limits ?? DEFAULT_SANDBOX_LIMITS;
  if (options.engine === 'node-vm') return new NodeVmEngine(script, limits);
  let ivm: ReturnType<typeof loadIsolatedVm>;
  try {
    ivm = loadIsolatedVm();
  } catch (err) {
    if (options.engine === 'isolated-vm') throw new Error(`the isolated-vm native module cannot be loaded: ${(err as Error).message}`);
    options.onEngine?.('node-vm', (err as Error).message);
    return new NodeVmEngine(script, limits);
  }
  options.onEngine?.('isolated-vm');
  return new IsolatedVmEngine(ivm, script, limits);
}

export function createJavascriptScript(
  config: JavascriptScriptConfig,
  configSchema: string = DEFAULT_CONFIG_SCHEMA,
  options: JavascriptScriptOptions = {},
): Enrichment & { readonly engine: ScriptEngineName } {
  const sandbox = createScriptEngine({ source: config.source, paramsJson: config.paramsJson, fieldNames: SCRIPT_FIELD_NAMES }, options);
  const info = { schemaKey: configSchema, identifier: JAVASCRIPT_IDENTIFIER };
  /** A failure of the script itself: Enrich's wording `Error during execution of JavaScript function: […]`. */
  const failure = (message: string): EnrichmentResult => simple(`Error during execution of JavaScript function: [${message}]`);
  const simple = (error: string): EnrichmentResult => {
    // A script controls its error text: keep bad rows small whatever it throws.
    const bounded = error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS)}… (${error.length} characters)` : error;
    const f: EnrichmentFailureMessage = { enrichment: info, message: { error: bounded } };
    return { failures: [f] };
  };
  return {
    slot: 'javascript_script',
    name: NAME,
    engine: sandbox.name,
    enrich({ event, raw }) {
      let result: ScriptResult;
      try {
        result = parseLossless(sandbox.run(scriptEventJson(event, raw.headers))) as ScriptResult;
      } catch (err) {
        return failure(err instanceof ScriptRunError ? err.message : `unreadable result: ${(err as Error).message}`);
      }
      if (typeof result !== 'object' || result === null) return failure('unreadable result');
      if ('error' in result) return failure(String(result.error));
      if ('badOutput' in result) {
        return simple(`JavaScript function output was not read as an array of self-describing JSONs (got ${String(result.badOutput)})`);
      }
      if (result.drop === true) return { drop: true };
      let contexts: SelfDescribingJson[];
      try {
        contexts = validateScriptContexts(result.contexts);
      } catch (err) {
        return simple(`JavaScript function output: ${(err as Error).message}`);
      }
      try {
        applyScriptChanges(event, result.set ?? {});
        if (result.erase === true && !('derived_contexts' in (result.set ?? {}))) event.derived_contexts = [];
        return contexts.length > 0 ? { contexts } : undefined;
      } catch (err) {
        return failure((err as Error).message);
      }
    },
    close() {
      sandbox.close();
    },
  };
}

export const javascriptScriptFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: NAME,
  model: 1,
  create: async (parameters, ctx, schema) => {
    const config = parseJavascriptScriptConfig(parameters, ctx.file);
    const onEngine = (engine: ScriptEngineName, fallbackReason?: string): void => {
      if (fallbackReason === undefined) ctx.log.info({ engine }, 'JavaScript enrichment sandbox ready.');
      else ctx.log.warn({ engine, reason: fallbackReason }, 'isolated-vm unavailable: JavaScript enrichment runs in node:vm (no memory limit).');
    };
    try {
      return createJavascriptScript(config, schema || DEFAULT_CONFIG_SCHEMA, { onEngine });
    } catch (err) {
      const message = safeErrorMessage(err, 'the script failed at its top level');
      throw new EnrichmentConfigError(ctx.file, NAME, `the script cannot be started: ${message}`);
    }
  },
};
