/** Helpers for Iglu tests: temporary embedded repositories and self-describing schemas. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const IGLU_META = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#';

/** A self-describing JSON schema for `vendor/name/jsonschema/version` with the given body. */
export function igluSchema(path: string, body: Record<string, unknown>): Record<string, unknown> {
  const [vendor, name, format, version] = path.split('/');
  return { $schema: IGLU_META, self: { vendor, name, format, version }, ...body };
}

export interface TempRepo {
  readonly root: string;
  /** Writes `schemas/<path>` (an object is JSON-serialised, a string written as is). */
  write(path: string, content: Record<string, unknown> | string): void;
  remove(): void;
}

export function tempRepo(): TempRepo {
  const root = mkdtempSync(join(tmpdir(), 'sleet-iglu-'));
  return {
    root,
    write(path, content) {
      const file = join(root, 'schemas', ...path.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A resolver config (self-describing, 1-0-3) for the given repositories. */
export function resolverConfig(
  repositories: Array<{ name: string; priority?: number; vendorPrefixes?: string[]; embedded?: string; http?: string; apikey?: string }>,
  cache: { cacheSize?: number; cacheTtl?: number | null } = {},
): Record<string, unknown> {
  return {
    schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
    data: {
      cacheSize: cache.cacheSize ?? 500,
      ...(cache.cacheTtl === undefined ? {} : { cacheTtl: cache.cacheTtl }),
      repositories: repositories.map((r) => ({
        name: r.name,
        priority: r.priority ?? 0,
        vendorPrefixes: r.vendorPrefixes ?? [],
        connection:
          r.embedded !== undefined
            ? { embedded: { path: r.embedded } }
            : { http: { uri: r.http, ...(r.apikey === undefined ? {} : { apikey: r.apikey }) } },
      })),
    },
  };
}

/** A controllable clock for TTL tests. */
export function fakeClock(start = Date.UTC(2026, 0, 2, 3, 4, 5)): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}
