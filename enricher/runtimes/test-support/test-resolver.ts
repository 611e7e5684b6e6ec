import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_SCHEMAS } from '../../test/test-iglu';

/**
 * Writes the unit tests' small Iglu schemas (enricher/test/test-iglu.ts: written for Sleet, not copied from Iglu
 * Central) as an embedded repository, plus a resolver config file using it (and, optionally, an HTTP repository),
 * so that process tests run the real resolver without the network. Returns the resolver config path.
 */
export function writeTestResolver(dir = mkdtempSync(join(tmpdir(), 'sleet-test-iglu-')), extraHttpRepository?: string): string {
  const repo = join(dir, 'repo');
  for (const [uri, schema] of Object.entries(TEST_SCHEMAS)) {
    const m = /^iglu:([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri);
    if (m === null || '$supersededBy' in schema) continue;
    const [, vendor, name, format, version] = m;
    mkdirSync(join(repo, 'schemas', vendor, name, format), { recursive: true });
    writeFileSync(
      join(repo, 'schemas', vendor, name, format, version),
      JSON.stringify({ $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#', self: { vendor, name, format, version }, ...schema }),
    );
  }
  const repositories: object[] = [{ name: 'test schemas', priority: 0, vendorPrefixes: [], connection: { embedded: { path: repo } } }];
  if (extraHttpRepository !== undefined) {
    repositories.unshift({ name: 'unreachable registry', priority: 0, vendorPrefixes: ['com.acme'], connection: { http: { uri: extraHttpRepository } } });
  }
  const file = join(dir, 'resolver.json');
  writeFileSync(file, JSON.stringify({ schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3', data: { cacheSize: 500, cacheTtl: 600, repositories } }));
  return file;
}
