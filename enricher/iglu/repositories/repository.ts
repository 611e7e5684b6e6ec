/**
 * One Iglu repository (registry) as the resolver sees it (spec/iglu-and-output.md §1.5).
 * Lookups never throw: every outcome is a value, recorded in the resolver's lookup history.
 */
import type { SchemaKey } from '../schema-key';

/** One registry error as it appears in a ResolutionError's `lookupHistory` (spec/enrich.md §3.4). */
export type RegistryError = { error: 'NotFound' } | { error: 'RepoFailure' | 'ClientFailure'; message: string };

export type RepositoryLookup =
  /** The registry has the schema: its raw text (parsed and checked by the resolver). */
  | { readonly status: 'found'; readonly text: string }
  /** The registry has a document for the key but it exceeds the configured maximum size (never buffered whole). */
  | { readonly status: 'too-large'; readonly limitBytes: number }
  /** `retryable`: an infrastructure fault worth another attempt (timeouts, connection errors, 5xx). */
  | { readonly status: 'error'; readonly error: RegistryError; readonly retryable: boolean };

export interface Repository {
  readonly name: string;
  /** The user's priority: lower is tried first. */
  readonly priority: number;
  readonly vendorPrefixes: readonly string[];
  /** Class order of Snowplow's client: embedded 2, HTTP 100 (embedded registries are tried before HTTP ones). */
  readonly classPriority: number;
  /** Human-readable location for logs (a path or a URI without credentials). */
  readonly location: string;
  lookup(key: SchemaKey): Promise<RepositoryLookup>;
}

export const NOT_FOUND: RepositoryLookup = Object.freeze({
  status: 'error',
  error: Object.freeze({ error: 'NotFound' }),
  retryable: false,
});
