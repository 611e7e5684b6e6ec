/**
 * The Iglu resolver (spec/iglu-and-output.md §1.5): finds a schema in the configured repositories and caches the
 * outcome.
 *
 * - Order per lookup: repositories whose vendor prefix matches first, then embedded before HTTP, then by the user's
 *   priority (lower first), then config order. Non-matching repositories are tried last, never skipped.
 * - Each repository is asked until it answers; retryable faults (timeouts, connection errors, 5xx) are retried with
 *   exponential backoff. A repository that just failed every attempt gets one attempt per lookup until it answers.
 * - Outcomes, by precedence: the first schema found (hit) > an infrastructure fault in any repository (throws
 *   IgluInfrastructureError, nothing cached) > a document that exists but is unusable (invalid) > not found (miss).
 * - Hits, invalid documents and misses are cached (LRU of `cacheSize` entries, `cacheTtl` seconds). A stale hit
 *   whose refresh fails is kept (registry outage protection). Concurrent lookups of one key share one request.
 */
import type { Logger } from '../../common/logger';
import { IgluInfrastructureError, instantString, LookupHistory, registryMessage } from './errors';
import type { RegistryError, Repository, RepositoryLookup } from './repositories/repository';
import type { SchemaKey } from './schema-key';

export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

export type SchemaLookupOutcome =
  | { readonly kind: 'hit'; readonly schema: Record<string, unknown>; readonly text: string; readonly repository: string }
  /** The document exists but cannot be used as a schema (not JSON, not an object, too large). */
  | { readonly kind: 'invalid'; readonly issues: readonly SchemaIssue[]; readonly repository: string }
  | { readonly kind: 'miss'; readonly lookupHistory: readonly LookupHistory[] };

/** A cached lookup. `compiled` is the validator's slot (compiled once per entry, dropped with it). */
export interface CacheEntry<C = unknown> {
  readonly uri: string;
  readonly outcome: SchemaLookupOutcome;
  storedAt: number;
  lastUsed: number;
  compiled: C | undefined;
}

export interface RetryPolicy {
  /** Attempts per repository and lookup for retryable faults (1 = no retry). */
  readonly maxAttempts: number;
  /** Delay before retry n (1-based) is min(baseDelayMs × 4^(n-1), maxDelayMs). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface ResolverOptions<C> {
  readonly repositories: readonly Repository[];
  readonly cacheSize: number;
  readonly cacheTtlSecs: number | null;
  readonly retry: RetryPolicy;
  readonly log: Logger;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called when an entry leaves the cache (evicted or replaced), to release what `compiled` holds. */
  readonly onDiscard?: (entry: CacheEntry<C>) => void;
  readonly onLookup?: (outcome: SchemaLookupOutcome['kind'] | 'unavailable') => void;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

export function backoffDelayMs(retry: number, policy: RetryPolicy): number {
  return Math.min(policy.baseDelayMs * 4 ** (retry - 1), policy.maxDelayMs);
}

/** The order in which repositories are asked for a vendor (Snowplow's `(!vendorMatched, classPriority, priority)`). */
export function orderRepositories(repositories: readonly Repository[], vendor: string): Repository[] {
  const rank = (r: Repository): number => (r.vendorPrefixes.some((p) => vendor.startsWith(p)) ? 0 : 1);
  return repositories
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.r.classPriority - b.r.classPriority || a.r.priority - b.r.priority || a.i - b.i)
    .map((x) => x.r);
}

interface RepoAttempt {
  readonly lookup: RepositoryLookup;
  readonly errors: RegistryError[];
  readonly attempts: number;
  readonly lastAttempt: number;
  /** The parsed schema when found and usable. */
  readonly parsed?: { schema: Record<string, unknown>; text: string };
  readonly issues?: SchemaIssue[];
}

export class Resolver<C = unknown> {
  readonly repositories: readonly Repository[];
  readonly #opts: ResolverOptions<C>;
  readonly #cache = new Map<string, CacheEntry<C>>();
  readonly #inFlight = new Map<string, Promise<CacheEntry<C>>>();
  /** Repositories that failed every attempt of their last lookup: one attempt per lookup until they answer. */
  readonly #failing = new Set<string>();
  readonly #caching: boolean;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #tick = 0;

  constructor(opts: ResolverOptions<C>) {
    this.#opts = opts;
    this.repositories = opts.repositories;
    // As Snowplow's client: no cache when cacheSize is 0 or the TTL is set to 0.
    this.#caching = opts.cacheSize > 0 && opts.cacheTtlSecs !== 0;
    this.#ttlMs = opts.cacheTtlSecs === null ? Infinity : opts.cacheTtlSecs * 1000;
    this.#now = opts.now ?? Date.now;
    this.#sleep = opts.sleep ?? defaultSleep;
    if (!this.#caching) {
      opts.log.warn({ cacheSize: opts.cacheSize, cacheTtl: opts.cacheTtlSecs }, 'Iglu cache disabled: every lookup asks the registries.');
    }
  }

  /** The cached entry if it is still fresh (no I/O, no allocation). */
  peek(uri: string): CacheEntry<C> | undefined {
    const e = this.#cache.get(uri);
    if (e === undefined) return undefined;
    if (this.#ttlMs !== Infinity && this.#now() - e.storedAt >= this.#ttlMs) return undefined;
    e.lastUsed = ++this.#tick;
    return e;
  }

  /** A fresh entry for `key`, asking the repositories when needed. Throws IgluInfrastructureError. */
  resolve(uri: string, key: SchemaKey): Promise<CacheEntry<C>> {
    const fresh = this.peek(uri);
    if (fresh !== undefined) return Promise.resolve(fresh);
    const pending = this.#inFlight.get(uri);
    if (pending !== undefined) return pending;
    const p = this.#refresh(uri, key).finally(() => this.#inFlight.delete(uri));
    this.#inFlight.set(uri, p);
    return p;
  }

  /** False when the config disables the cache (cacheSize 0 or cacheTtl 0): entries are not kept. */
  get caching(): boolean {
    return this.#caching;
  }

  /** Number of cached entries (fresh or stale). */
  get size(): number {
    return this.#cache.size;
  }

  clear(): void {
    for (const e of this.#cache.values()) this.#opts.onDiscard?.(e);
    this.#cache.clear();
  }

  async #refresh(uri: string, key: SchemaKey): Promise<CacheEntry<C>> {
    const stale = this.#cache.get(uri);
    let outcome: SchemaLookupOutcome;
    try {
      outcome = await this.#lookup(uri, key, stale);
    } catch (e) {
      this.#opts.onLookup?.('unavailable');
      if (stale?.outcome.kind === 'hit') {
        this.#opts.log.warn({ schema: uri, error: (e as Error).message }, 'Iglu refresh failed; keeping the cached schema.');
        return this.#touch(stale);
      }
      throw e;
    }
    this.#opts.onLookup?.(outcome.kind);
    if (stale?.outcome.kind === 'hit') {
      if (outcome.kind !== 'hit') {
        this.#opts.log.warn({ schema: uri, outcome: outcome.kind }, 'Iglu refresh found no usable schema; keeping the cached one.');
        return this.#touch(stale);
      }
      if (outcome.text === stale.outcome.text) return this.#touch(stale);
    }
    return this.#store(uri, outcome);
  }

  #touch(e: CacheEntry<C>): CacheEntry<C> {
    e.storedAt = this.#now();
    e.lastUsed = ++this.#tick;
    return e;
  }

  #store(uri: string, outcome: SchemaLookupOutcome): CacheEntry<C> {
    const entry: CacheEntry<C> = { uri, outcome, storedAt: this.#now(), lastUsed: ++this.#tick, compiled: undefined };
    if (!this.#caching) return entry;
    const old = this.#cache.get(uri);
    if (old !== undefined) {
      this.#cache.delete(uri);
      this.#opts.onDiscard?.(old);
    }
    this.#cache.set(uri, entry);
    if (this.#cache.size > this.#opts.cacheSize) this.#evictLeastRecentlyUsed();
    return entry;
  }

  #evictLeastRecentlyUsed(): void {
    let victim: CacheEntry<C> | undefined;
    for (const e of this.#cache.values()) if (victim === undefined || e.lastUsed < victim.lastUsed) victim = e;
    if (victim === undefined) return;
    this.#cache.delete(victim.uri);
    this.#opts.onDiscard?.(victim);
  }

  async #lookup(uri: string, key: SchemaKey, stale: CacheEntry<C> | undefined): Promise<SchemaLookupOutcome> {
    const previous = stale?.outcome.kind === 'miss' ? stale.outcome.lookupHistory : [];
    const history: LookupHistory[] = [];
    let invalid: { issues: SchemaIssue[]; repository: string } | undefined;
    let unavailable = false;
    for (const repo of orderRepositories(this.repositories, key.vendor)) {
      const r = await this.#ask(repo, key);
      if (r.parsed !== undefined) {
        this.#opts.log.debug({ schema: uri, repository: repo.name }, 'Iglu schema resolved.');
        return { kind: 'hit', schema: r.parsed.schema, text: r.parsed.text, repository: repo.name };
      }
      if (r.issues !== undefined) {
        invalid ??= { issues: r.issues, repository: repo.name };
        continue;
      }
      const before = previous.find((h) => h.repository === repo.name)?.attempts ?? 0;
      history.push({ errors: r.errors, attempts: before + r.attempts, lastAttempt: instantString(r.lastAttempt), repository: repo.name });
      if (r.errors.some((e) => e.error === 'RepoFailure')) unavailable = true;
    }
    if (unavailable) {
      const error = new IgluInfrastructureError(uri, history);
      this.#opts.log.warn({ schema: uri, error: error.message }, 'Iglu registries unavailable.');
      throw error;
    }
    if (invalid !== undefined) {
      this.#opts.log.warn({ schema: uri, repository: invalid.repository, issues: invalid.issues }, 'Iglu schema document is unusable.');
      return { kind: 'invalid', ...invalid };
    }
    return { kind: 'miss', lookupHistory: history };
  }

  async #ask(repo: Repository, key: SchemaKey): Promise<RepoAttempt> {
    const errors: RegistryError[] = [];
    const maxAttempts = this.#failing.has(repo.name) ? 1 : Math.max(1, this.#opts.retry.maxAttempts);
    let lookup: RepositoryLookup = { status: 'error', error: { error: 'NotFound' }, retryable: false };
    let attempts = 0;
    let lastAttempt = this.#now();
    let malformed: string | undefined;
    while (attempts < maxAttempts) {
      if (attempts > 0) await this.#sleep(backoffDelayMs(attempts, this.#opts.retry));
      lastAttempt = this.#now();
      attempts++;
      lookup = await repo.lookup(key);
      let retry = false;
      if (lookup.status === 'found') {
        const parsed = parseSchemaDocument(lookup.text);
        if (typeof parsed !== 'string') {
          this.#failing.delete(repo.name);
          return { lookup, errors, attempts, lastAttempt, parsed };
        }
        malformed = parsed;
        // A truncated or garbled HTTP body may be transient; a local file will not change by retrying.
        retry = repo.classPriority >= 100;
      } else if (lookup.status === 'too-large') {
        this.#failing.delete(repo.name);
        return { lookup, errors, attempts, lastAttempt, issues: [{ path: '$', message: `schema document exceeds ${lookup.limitBytes} bytes` }] };
      } else {
        malformed = undefined;
        retry = lookup.retryable;
        if (!retry || attempts >= maxAttempts) errors.push(withShortMessage(lookup.error));
      }
      if (!retry) break;
    }
    if (malformed !== undefined) {
      this.#failing.delete(repo.name);
      return { lookup, errors, attempts, lastAttempt, issues: [{ path: '$', message: malformed }] };
    }
    if (lookup.status === 'error' && lookup.retryable) this.#failing.add(repo.name);
    else this.#failing.delete(repo.name);
    return { lookup, errors, attempts, lastAttempt };
  }
}

/** Parses a registry document: a JSON object, or a message saying why it is not one. */
export function parseSchemaDocument(text: string): { schema: Record<string, unknown>; text: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `schema document is not valid JSON: ${(e as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `schema document must be a JSON object, got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`;
  }
  return { schema: value as Record<string, unknown>, text };
}

function withShortMessage(e: RegistryError): RegistryError {
  return 'message' in e ? { error: e.error, message: registryMessage(e.message) } : e;
}
