/**
 * IgluValidator (enricher/iglu/types.ts) over a Resolver: validates plain JS data against Iglu schemas.
 *
 * Hot path (`validateCached`): one Map lookup and a clock read to find the fresh cache entry, the compiled ajv
 * function, and a shared frozen `{ ok: true }` on success — no allocation unless the data is invalid.
 * Results are shared and frozen: callers must not mutate them.
 */
import { isSharedEntityData } from '../model/shared-entity-data';
import type { SchemaEngine } from './ajv-setup';
import { compileEntry, CompiledEntry, CompiledSchema, finalResult, releaseCompiled } from './compile-schema';
import { DataReport, toDataReports } from './error-report';
import { instantString, registryMessage } from './errors';
import type { Resolver } from './resolver';
import { isSchemaKey, parseSchemaKey } from './schema-key';
import type { IgluClientError, IgluValidation, IgluValidator } from './types';

/** `$supersededBy` links followed at most (each must raise the version, so chains cannot loop). */
export const MAX_SUPERSEDED_HOPS = 8;

const OK: IgluValidation = Object.freeze({ ok: true });

type Superseded = Extract<CompiledSchema, { kind: 'superseded' }>;
type Ready = Extract<CompiledSchema, { kind: 'ready' }>;

export interface ValidatorOptions {
  readonly resolver: Resolver<CompiledSchema>;
  readonly engine: SchemaEngine;
  /** Most data reports in one ValidationError. */
  readonly maxDataReports: number;
  readonly now: () => number;
}

export class IgluSchemaValidator implements IgluValidator {
  readonly #resolver: Resolver<CompiledSchema>;
  /** Shared (frozen) entity data already found valid, per compiled validator. */
  readonly #sharedValid = new WeakMap<object, WeakSet<object>>();
  readonly #engine: SchemaEngine;
  readonly #maxDataReports: number;
  readonly #now: () => number;
  readonly #okSuperseded = new Map<string, IgluValidation>();
  readonly #peekTarget = (c: Superseded): CompiledEntry | undefined => this.#resolver.peek(c.targetUri);

  constructor(opts: ValidatorOptions) {
    this.#resolver = opts.resolver;
    this.#engine = opts.engine;
    this.#maxDataReports = opts.maxDataReports;
    this.#now = opts.now;
  }

  validateCached(schemaUri: string, data: unknown): IgluValidation | undefined {
    const entry = this.#resolver.peek(schemaUri);
    if (entry === undefined) return undefined;
    const c = entry.compiled ?? this.#compile(entry);
    if (c.kind === 'ready') return this.#run(c, data, undefined);
    if (c.kind === 'final') return c.result;
    return this.#evaluate(entry, data, this.#peekTarget);
  }

  async validate(schemaUri: string, data: unknown): Promise<IgluValidation> {
    const cached = this.validateCached(schemaUri, data);
    if (cached !== undefined) return cached;
    const key = parseSchemaKey(schemaUri);
    if (!isSchemaKey(key)) return invalidUri(schemaUri, key, this.#now());
    let entry = await this.#resolver.resolve(schemaUri, key);
    const first = entry;
    const chain = new Map<string, CompiledEntry>();
    for (let hop = 0; hop < MAX_SUPERSEDED_HOPS; hop++) {
      const c = entry.compiled ?? this.#compile(entry);
      if (c.kind !== 'superseded') break;
      entry = await this.#resolver.resolve(c.targetUri, c.targetKey);
      chain.set(c.targetUri, entry);
    }
    const result = this.#evaluate(first, data, (c) => chain.get(c.targetUri)) ?? tooManyHops(schemaUri, this.#now());
    if (!this.#resolver.caching) for (const e of [first, ...chain.values()]) releaseCompiled(e.compiled);
    return result;
  }

  async lookupSchema(schemaUri: string): Promise<Record<string, unknown> | null> {
    const key = parseSchemaKey(schemaUri);
    if (!isSchemaKey(key)) return null;
    const entry = await this.#resolver.resolve(schemaUri, key);
    return entry.outcome.kind === 'hit' ? structuredClone(entry.outcome.schema) : null;
  }

  /** Resolves and compiles schemas ahead of traffic (e.g. at start-up). Rejects on infrastructure faults. */
  async warmUp(schemaUris: readonly string[]): Promise<void> {
    for (const uri of schemaUris) await this.validate(uri, null);
  }

  #compile(entry: CompiledEntry): CompiledSchema {
    const c = compileEntry(this.#engine, entry, this.#now());
    entry.compiled = c;
    return c;
  }

  /** Follows `$supersededBy` links through `next`; undefined when a link is not available (or too many hops). */
  #evaluate(entry: CompiledEntry, data: unknown, next: (c: Superseded) => CompiledEntry | undefined): IgluValidation | undefined {
    let supersededBy: string | undefined;
    let current: CompiledEntry | undefined = entry;
    for (let hop = 0; hop <= MAX_SUPERSEDED_HOPS && current !== undefined; hop++) {
      const c: CompiledSchema = current.compiled ?? this.#compile(current);
      if (c.kind === 'final') return c.result;
      if (c.kind === 'ready') return this.#run(c, data, supersededBy);
      supersededBy = c.version;
      current = next(c);
    }
    return undefined;
  }

  #run(c: Ready, data: unknown, supersededBy: string | undefined): IgluValidation {
    // Shared entity data is frozen: once valid against this compiled schema, always valid against it. A refreshed
    // schema compiles to a new validator, which starts with no answers.
    const shared = isSharedEntityData(data) ? (this.#sharedValid.get(c.validate) ?? this.#newSharedSet(c.validate)) : null;
    if (shared !== null && shared.has(data as object)) return supersededBy === undefined ? OK : this.#okWith(supersededBy);
    let valid: boolean;
    try {
      valid = c.validate(data) as boolean;
    } catch (e) {
      // Only reachable with data nested deeper than the stack (recursive schemas); the core bounds JSON depth first.
      const message = `$: data cannot be validated: ${(e as Error).message}`;
      return this.#failure([{ message, path: '$', keyword: 'validation', targets: [] }], supersededBy);
    }
    if (valid) {
      shared?.add(data as object);
      return supersededBy === undefined ? OK : this.#okWith(supersededBy);
    }
    const reports = toDataReports(c.validate.errors, data, this.#maxDataReports);
    // The badrows schemas require at least one report.
    if (reports.length === 0) reports.push({ message: '$: is invalid', path: '$', keyword: 'validation', targets: [] });
    return this.#failure(reports, supersededBy);
  }

  #newSharedSet(validate: object): WeakSet<object> {
    const set = new WeakSet<object>();
    this.#sharedValid.set(validate, set);
    return set;
  }

  #okWith(version: string): IgluValidation {
    let r = this.#okSuperseded.get(version);
    if (r === undefined) {
      r = Object.freeze({ ok: true, supersededBy: version });
      this.#okSuperseded.set(version, r);
    }
    return r;
  }

  #failure(dataReports: DataReport[], supersededBy: string | undefined): IgluValidation {
    const error: IgluClientError =
      supersededBy === undefined ? { dataReports, error: 'ValidationError' } : { dataReports, error: 'ValidationError', supersededBy };
    return { ok: false, error };
  }
}

function invalidUri(uri: string, code: string, now: number): IgluValidation {
  const shown = uri.length > 200 ? `${uri.slice(0, 200)}…` : uri;
  return clientFailureResult(`Invalid Iglu URI ${JSON.stringify(shown)}: ${code}`, now);
}

function tooManyHops(uri: string, now: number): IgluValidation {
  return clientFailureResult(`More than ${MAX_SUPERSEDED_HOPS} $supersededBy links from ${uri}`, now);
}

function clientFailureResult(message: string, now: number): IgluValidation {
  const c = finalResult({
    ok: false,
    error: {
      error: 'ResolutionError',
      lookupHistory: [{ errors: [{ error: 'ClientFailure', message: registryMessage(message) }], attempts: 0, lastAttempt: instantString(now), repository: 'Iglu Client' }],
    },
  });
  return (c as Extract<CompiledSchema, { kind: 'final' }>).result;
}
