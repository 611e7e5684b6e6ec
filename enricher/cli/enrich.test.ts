import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTOR_PAYLOAD_SCHEMA, encodeCollectorPayload } from '../../common/thrift';
import { ETL_VERSION } from '../../common/version';
import { run } from './enrich';

/** An embedded Iglu repository with one small payload_data schema written here. */
function embeddedRepo(dir: string): string {
  const schemaDir = join(dir, 'repo', 'schemas', 'com.snowplowanalytics.snowplow', 'payload_data', 'jsonschema');
  mkdirSync(schemaDir, { recursive: true });
  writeFileSync(
    join(schemaDir, '1-0-4'),
    JSON.stringify({
      $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
      self: { vendor: 'com.snowplowanalytics.snowplow', name: 'payload_data', format: 'jsonschema', version: '1-0-4' },
      type: 'array',
      items: { type: 'object', additionalProperties: { type: 'string' } },
    }),
  );
  const resolver = join(dir, 'resolver.json');
  writeFileSync(
    resolver,
    JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
      data: {
        cacheSize: 100,
        repositories: [{ name: 'local', priority: 0, vendorPrefixes: [], connection: { embedded: { path: join(dir, 'repo') } } }],
      },
    }),
  );
  return resolver;
}

const base = { schema: COLLECTOR_PAYLOAD_SCHEMA, ipAddress: '192.0.2.1', timestamp: 1700000000000, encoding: 'UTF-8', collector: 'ssc-test' };

describe('sleet enrich', () => {
  it('turns base64 thrift lines into TSV and bad-row lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sleet-enrich-'));
    const resolver = embeddedRepo(dir);
    const lines = [
      encodeCollectorPayload({ ...base, path: '/i', querystring: 'e=pv&p=web&aid=cli' }).toString('base64'),
      '',
      'this is not thrift',
      encodeCollectorPayload({
        ...base,
        path: '/com.snowplowanalytics.snowplow/tp2',
        contentType: 'application/json',
        body: JSON.stringify({
          schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
          data: [{ e: 'se', p: 'srv', se_ca: 'c', se_ac: 'a' }],
        }),
      }).toString('base64'),
    ];
    writeFileSync(join(dir, 'in.txt'), lines.join('\n') + '\n');
    const code = await run(['--input', join(dir, 'in.txt'), '--good', join(dir, 'good.tsv'), '--bad', join(dir, 'bad.jsonl'), '--resolver', resolver]);
    expect(code).toBe(0);
    const good = readFileSync(join(dir, 'good.tsv'), 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
    expect(good).toHaveLength(2);
    expect(good.every((cells) => cells.length === 131)).toBe(true);
    expect(good[0]?.[0]).toBe('cli');
    expect(good[0]?.[11]).toBe(ETL_VERSION);
    expect(good[1]?.[5]).toBe('struct');
    const bad = readFileSync(join(dir, 'bad.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { schema: string });
    expect(bad.map((b) => b.schema)).toEqual(['iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0']);
  });

  it('exits 2 with usage when a required option is missing', async () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await run(['--input', 'x'])).toBe(2);
      expect(String(write.mock.calls[0]?.[0])).toContain('missing --good, --bad');
    } finally {
      write.mockRestore();
    }
  });
});
