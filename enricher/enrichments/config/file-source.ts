import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a `uri` + `database` pair points (Snowplow joins them as `<uri>/<database>`, the URI naming a directory).
 * Local paths and `file://` URIs are read in place; `http(s)://` and `s3://` are downloaded into the cache dir.
 */
export type FileSource =
  | { readonly kind: 'local'; readonly path: string; readonly display: string }
  | { readonly kind: 'http'; readonly url: string; readonly display: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string; readonly display: string };

export class UnsupportedUriError extends Error {}

/** Resolves a config's `uri` + `database`; relative local paths are taken from `baseDir` (the process cwd). */
export function resolveFileSource(uri: string, database: string, baseDir = process.cwd()): FileSource {
  const trimmed = uri.trim();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed)?.[1]?.toLowerCase();
  const joined = `${trimmed.replace(/\/+$/, '')}/${database}`;
  if (scheme === undefined || (scheme.length === 1 && process.platform === 'win32')) {
    const dir = isAbsolute(trimmed) ? trimmed : resolve(baseDir, trimmed);
    return { kind: 'local', path: join(dir, database), display: join(dir, database) };
  }
  switch (scheme) {
    case 'file': {
      let dir: string;
      try {
        dir = fileURLToPath(new URL(trimmed));
      } catch (e) {
        throw new UnsupportedUriError(`cannot parse file URI ${trimmed}: ${(e as Error).message}`);
      }
      return { kind: 'local', path: join(dir, database), display: join(dir, database) };
    }
    case 'http':
    case 'https':
      return { kind: 'http', url: new URL(joined).toString(), display: joined };
    case 's3': {
      const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(joined);
      if (!m || m[2] === '') throw new UnsupportedUriError(`cannot parse S3 URI ${joined}`);
      return { kind: 's3', bucket: m[1], key: m[2], display: joined };
    }
    default:
      throw new UnsupportedUriError(`unsupported URI scheme '${scheme}:' (use a local path, file://, http(s):// or s3://)`);
  }
}
