/**
 * An embedded repository: a directory on the local file system (spec/iglu-and-output.md §1.5, "Embedded fetch").
 *
 * Snowplow reads `{path}/schemas/{vendor}/{name}/{format}/{version}`. Sleet's own `schemas/` directory (and the
 * output of `sleet schemas mirror`) may also be given directly, so a lookup tries `{path}/schemas/<key>` first and
 * then `{path}/<key>`. Embedded failures are never retried.
 */
import { open } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { SchemaKey } from '../schema-key';
import { schemaKeyPath } from '../schema-key';
import { NOT_FOUND, Repository, RepositoryLookup } from './repository';

export const EMBEDDED_CLASS_PRIORITY = 2;

export interface EmbeddedRepositoryOptions {
  readonly name: string;
  readonly priority: number;
  readonly vendorPrefixes: readonly string[];
  /** Absolute directory. */
  readonly root: string;
  readonly maxSchemaBytes: number;
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export class EmbeddedRepository implements Repository {
  readonly name: string;
  readonly priority: number;
  readonly vendorPrefixes: readonly string[];
  readonly classPriority = EMBEDDED_CLASS_PRIORITY;
  readonly location: string;
  readonly #root: string;
  readonly #maxSchemaBytes: number;

  constructor(opts: EmbeddedRepositoryOptions) {
    this.name = opts.name;
    this.priority = opts.priority;
    this.vendorPrefixes = opts.vendorPrefixes;
    this.#root = resolve(opts.root);
    this.location = this.#root;
    this.#maxSchemaBytes = opts.maxSchemaBytes;
  }

  async lookup(key: SchemaKey): Promise<RepositoryLookup> {
    const keyPath = schemaKeyPath(key).split('/').join(sep);
    for (const candidate of [resolve(this.#root, 'schemas', keyPath), resolve(this.#root, keyPath)]) {
      if (!isInside(this.#root, candidate)) return NOT_FOUND;
      const result = await this.#read(candidate);
      if (result !== null) return result;
    }
    return NOT_FOUND;
  }

  /** null when the file does not exist (try the next candidate). */
  async #read(file: string): Promise<RepositoryLookup | null> {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
      return repoFailure(`cannot open ${file}: ${code ?? (e as Error).message}`);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return null;
      if (stat.size > this.#maxSchemaBytes) return { status: 'too-large', limitBytes: this.#maxSchemaBytes };
      const text = await handle.readFile({ encoding: 'utf8' });
      if (Buffer.byteLength(text) > this.#maxSchemaBytes) return { status: 'too-large', limitBytes: this.#maxSchemaBytes };
      return { status: 'found', text };
    } catch (e) {
      return repoFailure(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    } finally {
      await handle.close();
    }
  }
}

function repoFailure(message: string): RepositoryLookup {
  return { status: 'error', error: { error: 'RepoFailure', message }, retryable: false };
}
