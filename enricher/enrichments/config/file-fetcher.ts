import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../../../common/logger';
import { FileSource, resolveFileSource } from './file-source';

export interface FileFetcherOptions {
  /** Directory where downloaded files (and their `.meta.json` validators) are kept between runs. */
  readonly cacheDir: string;
  readonly log: Logger;
  /** How often watched files are checked for a new version; 0 or absent: never (default). */
  readonly refreshIntervalSecs?: number;
  /** Client for `s3://` URIs; default: an S3Client with the SDK's default region and credential chain. */
  readonly s3Client?: S3Client;
  /** `fetch` for `http(s)://` URIs (default: the global fetch). */
  readonly fetch?: typeof fetch;
  /** Time limit of one download (default 300 000 ms). */
  readonly timeoutMs?: number;
  /** Largest file accepted (default 1 GiB; a GeoIP2 City database is about 70 MB). */
  readonly maxBytes?: number;
  /** Base of relative local paths (default: the process working directory). */
  readonly baseDir?: string;
}

interface CacheMeta {
  readonly etag?: string;
  readonly lastModified?: string;
  readonly sha256: string;
}

interface Tracked {
  readonly source: FileSource;
  /** The local file the enrichments read. */
  readonly path: string;
  readonly listeners: Array<(path: string) => void>;
  /** Local files: what the last check saw. */
  stamp?: string;
  meta?: CacheMeta;
}

const DEFAULT_TIMEOUT_MS = 300_000;
const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * Resolves the files referenced by enrichment configs (`uri` + `database`): local paths and `file://` are read in
 * place; `http(s)://` and `s3://` are downloaded into the cache dir (conditional requests when a cached copy exists,
 * written to a temporary name and renamed, so readers never see half a file). Watched files are re-checked every
 * `refreshIntervalSecs`; a changed file is announced to its listeners, which swap their readers.
 */
export class FileFetcher {
  readonly #opts: FileFetcherOptions;
  readonly #log: Logger;
  readonly #tracked = new Map<string, Tracked>();
  readonly #pending = new Map<string, Promise<Tracked>>();
  #s3?: S3Client;
  #timer?: NodeJS.Timeout;
  #refreshing?: Promise<void>;

  constructor(opts: FileFetcherOptions) {
    this.#opts = opts;
    this.#log = opts.log;
  }

  /** Makes the file available locally and returns its path; rejects with a message naming the file and cause. */
  async fetch(uri: string, database: string): Promise<string> {
    const source = resolveFileSource(uri, database, this.#opts.baseDir);
    const id = source.display;
    const known = this.#tracked.get(id);
    if (known) return known.path;
    let pending = this.#pending.get(id);
    if (!pending) {
      pending = this.#load(source);
      this.#pending.set(id, pending);
    }
    try {
      const tracked = await pending;
      this.#tracked.set(id, tracked);
      return tracked.path;
    } finally {
      this.#pending.delete(id);
    }
  }

  /** Registers a listener called with the local path after the file changed (needs a prior successful `fetch`). */
  watch(uri: string, database: string, onChange: (path: string) => void): void {
    const tracked = this.#tracked.get(resolveFileSource(uri, database, this.#opts.baseDir).display);
    if (!tracked) throw new Error(`watch before fetch of ${uri}/${database}`);
    tracked.listeners.push(onChange);
    const secs = this.#opts.refreshIntervalSecs ?? 0;
    if (secs > 0 && !this.#timer) {
      this.#timer = setInterval(() => void this.refreshNow(), secs * 1000);
      this.#timer.unref();
    }
  }

  /** Checks every watched file once (also run by the timer); failures are logged and the old file stays in use. */
  refreshNow(): Promise<void> {
    this.#refreshing ??= this.#refreshAll().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #refreshAll(): Promise<void> {
    for (const tracked of this.#tracked.values()) {
      if (tracked.listeners.length === 0) continue;
      let changed = false;
      try {
        changed = await this.#update(tracked);
      } catch (e) {
        this.#log.warn({ file: tracked.source.display, err: (e as Error).message }, 'enrichment file refresh failed');
        continue;
      }
      if (!changed) continue;
      this.#log.info({ file: tracked.source.display }, 'enrichment file changed');
      for (const listener of tracked.listeners) {
        try {
          listener(tracked.path);
        } catch (e) {
          this.#log.error({ file: tracked.source.display, err: (e as Error).message }, 'enrichment file reload failed');
        }
      }
    }
  }

  async #load(source: FileSource): Promise<Tracked> {
    const path = source.kind === 'local' ? source.path : this.#cachePath(source);
    const tracked: Tracked = { source, path, listeners: [] };
    await this.#update(tracked);
    return tracked;
  }

  /** Brings the local copy up to date; true when its content changed since the last call. */
  async #update(tracked: Tracked): Promise<boolean> {
    const { source } = tracked;
    if (source.kind === 'local') {
      let st;
      try {
        st = statSync(source.path);
      } catch {
        throw new Error(`file not found: ${source.path}`);
      }
      if (!st.isFile()) throw new Error(`not a regular file: ${source.path}`);
      const stamp = `${st.size}:${st.mtimeMs}`;
      const changed = tracked.stamp !== undefined && tracked.stamp !== stamp;
      tracked.stamp = stamp;
      return changed;
    }
    tracked.meta ??= this.#readMeta(tracked.path);
    const previous = tracked.meta;
    const next = source.kind === 'http' ? await this.#downloadHttp(source, tracked.path, previous) : await this.#downloadS3(source, tracked.path, previous);
    if (!next) return false;
    tracked.meta = next;
    writeFileSync(`${tracked.path}.meta.json`, JSON.stringify(next));
    return previous !== undefined && previous.sha256 !== next.sha256;
  }

  #cachePath(source: FileSource): string {
    mkdirSync(this.#opts.cacheDir, { recursive: true });
    const hash = createHash('sha256').update(source.display).digest('hex').slice(0, 16);
    const base = source.display.slice(source.display.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9._-]/g, '_');
    return join(this.#opts.cacheDir, `${hash}-${base}`);
  }

  #readMeta(path: string): CacheMeta | undefined {
    if (!existsSync(path)) return undefined;
    try {
      const meta = JSON.parse(readFileSync(`${path}.meta.json`, 'utf8')) as CacheMeta;
      // A cached copy that no longer matches its recorded digest is downloaded again in full.
      const onDisk = createHash('sha256').update(readFileSync(path)).digest('hex');
      return onDisk === meta.sha256 ? meta : undefined;
    } catch {
      return undefined;
    }
  }

  async #downloadHttp(source: Extract<FileSource, { kind: 'http' }>, path: string, meta?: CacheMeta): Promise<CacheMeta | null> {
    const headers: Record<string, string> = {};
    if (meta?.etag) headers['if-none-match'] = meta.etag;
    if (meta?.lastModified) headers['if-modified-since'] = meta.lastModified;
    const fetchImpl = this.#opts.fetch ?? fetch;
    const res = await fetchImpl(source.url, {
      headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(this.#opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    if (res.status === 304 && meta) return null;
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new Error(`HTTP ${res.status} ${res.statusText} for ${source.display}`);
    }
    this.#checkLength(Number(res.headers.get('content-length') ?? NaN), source.display);
    const body = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
    const sha256 = await this.#writeAtomically(body, path, source.display);
    return {
      sha256,
      ...(res.headers.get('etag') ? { etag: res.headers.get('etag')! } : {}),
      ...(res.headers.get('last-modified') ? { lastModified: res.headers.get('last-modified')! } : {}),
    };
  }

  async #downloadS3(source: Extract<FileSource, { kind: 's3' }>, path: string, meta?: CacheMeta): Promise<CacheMeta | null> {
    this.#s3 ??= this.#opts.s3Client ?? new S3Client({});
    let out;
    try {
      out = await this.#s3.send(
        new GetObjectCommand({ Bucket: source.bucket, Key: source.key, ...(meta?.etag ? { IfNoneMatch: meta.etag } : {}) }),
        { abortSignal: AbortSignal.timeout(this.#opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) },
      );
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 304 && meta) return null;
      throw new Error(`S3 GetObject ${source.display} failed: ${(e as Error).name}: ${(e as Error).message}`);
    }
    if (!out.Body) throw new Error(`S3 GetObject ${source.display} returned no body`);
    this.#checkLength(out.ContentLength ?? NaN, source.display);
    const sha256 = await this.#writeAtomically(out.Body as Readable, path, source.display);
    return { sha256, ...(out.ETag ? { etag: out.ETag } : {}) };
  }

  #checkLength(length: number, display: string): void {
    const max = this.#opts.maxBytes ?? DEFAULT_MAX_BYTES;
    if (Number.isFinite(length) && length > max) throw new Error(`${display} is ${length} bytes, larger than the ${max} bytes allowed`);
  }

  /** Streams into `<path>.tmp-<random>`, hashing and counting, then renames over `path`. */
  async #writeAtomically(body: Readable, path: string, display: string): Promise<string> {
    const max = this.#opts.maxBytes ?? DEFAULT_MAX_BYTES;
    const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
    const hash = createHash('sha256');
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > max) return done(new Error(`${display} is larger than the ${max} bytes allowed`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(tmp));
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    return hash.digest('hex');
  }
}
