/**
 * An HTTP repository: a static registry (Iglu Central, an S3 website, `sleet schemas mirror` output behind any
 * web server) or an Iglu Server (`uri` ending in `/api`, optional `apikey`). Both answer the same read request
 * (spec/iglu-and-output.md §1.5–1.7): `GET {uri}/schemas/{vendor}/{name}/{format}/{version}` with header
 * `apikey: <key>` when one is configured.
 *
 * Status mapping (deliberately different from Snowplow's client, which turns every non-2xx into NotFound):
 *   2xx            → the schema text
 *   401, 403       → ClientFailure (final; a wrong or missing apikey must not look like an outage)
 *   408, 429, 5xx  → RepoFailure, retryable (an outage must not turn events into bad rows)
 *   other 3xx/4xx  → NotFound (final)
 *   timeouts, connection errors → RepoFailure, retryable
 */
import type { SchemaKey } from '../schema-key';
import { schemaKeyPath } from '../schema-key';
import { httpGet } from './http-get';
import { NOT_FOUND, Repository, RepositoryLookup } from './repository';

export const HTTP_CLASS_PRIORITY = 100;

export interface HttpTimeouts {
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export interface HttpRepositoryOptions extends HttpTimeouts {
  readonly name: string;
  readonly priority: number;
  readonly vendorPrefixes: readonly string[];
  readonly uri: string;
  readonly apikey: string | null;
  readonly maxSchemaBytes: number;
}

/** `uri` without trailing slashes; the client appends `/schemas/...`. */
export function registryBase(uri: string): string {
  return uri.replace(/\/+$/, '');
}

/** The URI with any userinfo removed, for logs and error messages. */
export function redactUri(uri: string): string {
  try {
    const u = new URL(uri);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return '<invalid uri>';
  }
}

export class HttpRepository implements Repository {
  readonly name: string;
  readonly priority: number;
  readonly vendorPrefixes: readonly string[];
  readonly classPriority = HTTP_CLASS_PRIORITY;
  readonly location: string;
  readonly #base: string;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #opts: HttpRepositoryOptions;

  constructor(opts: HttpRepositoryOptions) {
    this.name = opts.name;
    this.priority = opts.priority;
    this.vendorPrefixes = opts.vendorPrefixes;
    this.#base = registryBase(opts.uri);
    this.location = redactUri(this.#base);
    this.#headers = opts.apikey === null ? {} : { apikey: opts.apikey };
    this.#opts = opts;
  }

  async lookup(key: SchemaKey): Promise<RepositoryLookup> {
    const url = `${this.#base}/schemas/${schemaKeyPath(key)}`;
    const shown = `${this.location}/schemas/${schemaKeyPath(key)}`;
    const r = await httpGet(url, {
      headers: this.#headers,
      originOnlyHeaders: ['apikey'],
      connectTimeoutMs: this.#opts.connectTimeoutMs,
      requestTimeoutMs: this.#opts.requestTimeoutMs,
      maxBodyBytes: this.#opts.maxSchemaBytes,
    });
    if (r.kind === 'failure') return repoFailure(r.message.replace(url, shown), true);
    if (r.kind === 'too-large') {
      if (r.status >= 200 && r.status < 300) return { status: 'too-large', limitBytes: this.#opts.maxSchemaBytes };
      return classifyStatus(r.status, shown);
    }
    if (r.status >= 200 && r.status < 300) return { status: 'found', text: r.body };
    return classifyStatus(r.status, shown);
  }
}

function classifyStatus(status: number, shown: string): RepositoryLookup {
  if (status === 401 || status === 403) {
    return {
      status: 'error',
      error: { error: 'ClientFailure', message: `HTTP ${status} fetching ${shown}: check the repository's apikey` },
      retryable: false,
    };
  }
  if (status === 408 || status === 429 || status >= 500) return repoFailure(`HTTP ${status} fetching ${shown}`, true);
  return NOT_FOUND;
}

function repoFailure(message: string, retryable: boolean): RepositoryLookup {
  return { status: 'error', error: { error: 'RepoFailure', message }, retryable };
}
