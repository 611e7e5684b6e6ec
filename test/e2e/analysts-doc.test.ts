/**
 * docs/analysts.md stays true: its column lists are exactly the enricher's 131 fields (names, order, types), and
 * its DuckDB recipes, run verbatim, read gzip TSV partitions and bad rows the way the pipeline writes them.
 * (Unit tier: needs nothing outside the repository. The e2e tier runs the same recipes over real pipeline output.)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ENRICHED_FIELD_NAMES } from '../../common/enriched-fields';
import { athenaColumnLines, duckdbColumnLines, recipeBlock } from './harness/analyst-sql';
import { ANALYSTS_DOC, openAnalystSession, runAnalystRecipes } from './harness/duckdb-recipes';
import { enrichedLine } from './harness/enriched-tsv';

const doc = readFileSync(ANALYSTS_DOC, 'utf8');

function linesBetween(block: string, open: RegExp, close: RegExp): string[] {
  const lines = block.split('\n');
  const start = lines.findIndex((l) => open.test(l));
  const end = lines.findIndex((l, i) => i > start && close.test(l));
  if (start < 0 || end < 0) throw new Error(`column list not found between ${open} and ${close}`);
  return lines.slice(start + 1, end).map((l) => l.trim());
}

describe('docs/analysts.md column lists', () => {
  it('the DuckDB view declares the 131 enriched fields in TSV order with their types', () => {
    const declared = linesBetween(recipeBlock(doc, 'duckdb-events-view'), /columns = \{$/, /^\s*\}$/);
    expect(declared).toEqual(duckdbColumnLines());
    expect(declared).toHaveLength(ENRICHED_FIELD_NAMES.length);
  });

  it('the Athena DDL declares the 131 enriched fields in TSV order with their types', () => {
    const declared = linesBetween(recipeBlock(doc, 'athena-ddl'), /^CREATE EXTERNAL TABLE/, /^\)$/);
    expect(declared).toEqual(athenaColumnLines());
  });

  it('the Athena DDL reads the partitions the enricher writes, NULL for empty fields, tab-delimited', () => {
    const ddl = recipeBlock(doc, 'athena-ddl');
    expect(ddl).toContain("'storage.location.template' = 's3://my-bucket/sleet/good/dt=${dt}/hr=${hr}/'");
    expect(ddl).toContain("'serialization.null.format' = ''");
    expect(ddl).toContain("'field.delim' = '\\t'");
    expect(ddl).toContain('PARTITIONED BY (dt STRING, hr STRING)');
  });
});

describe('docs/analysts.md DuckDB recipes', () => {
  let root: string;
  const uaEntity = (family: string) =>
    JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1',
      data: [
        { schema: 'iglu:com.snowplowanalytics.snowplow/ua_parser_context/jsonschema/1-0-0', data: { useragentFamily: family } },
      ],
    });
  const event = (id: number, event: string, eventName: string, family: string) =>
    enrichedLine({
      app_id: 'shop',
      platform: 'web',
      collector_tstamp: `2026-11-22 10:0${id}:00.000`,
      event,
      event_id: `00000000-0000-4000-8000-00000000000${id}`,
      // A whole value in double quotes: with DuckDB's default quoting it would lose its quotes.
      page_title: '"Quoted title"',
      br_cookies: '1',
      se_value: '1E-7',
      derived_contexts: uaEntity(family),
      event_name: eventName,
    });

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sleet-analysts-doc-'));
    const write = (rel: string, lines: string[]) => {
      const file = join(root, rel);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, gzipSync(lines.map((l) => `${l}\n`).join('')));
    };
    write('good/dt=2026-11-22/hr=10/raw-shard-1.tsv.gz', [
      event(1, 'page_view', 'page_view', 'Chrome'),
      event(2, 'unstruct', 'link_click', 'Chrome'),
    ]);
    write('good/dt=2026-11-22/hr=11/raw-shard-1.tsv.gz', [event(3, 'page_view', 'page_view', 'Firefox')]);
    write('bad/dt=2026-11-22/hr=10/raw-shard-1.jsonl.gz', [
      JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-0', data: { a: 1 } }),
    ]);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('count events by type, by hour partition and by browser entity, and bad rows by type', async () => {
    const results = await runAnalystRecipes(root, { withBadRows: true });
    expect(results.eventsByType).toEqual([
      { event: 'page_view', event_name: 'page_view', events: '2' },
      { event: 'unstruct', event_name: 'link_click', events: '1' },
    ]);
    expect(results.eventsByHour).toEqual([
      { dt: '2026-11-22', hr: '10', events: '2' },
      { dt: '2026-11-22', hr: '11', events: '1' },
    ]);
    expect(results.browsers).toEqual([
      { browser: 'Chrome', events: '2' },
      { browser: 'Firefox', events: '1' },
    ]);
    expect(results.badRows).toEqual([
      { schema: 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-0', bad_rows: '1' },
    ]);
  });

  it('reads values verbatim (no quote handling), 0/1 as booleans, BigDecimal text and empty fields as NULL', async () => {
    const session = await openAnalystSession(root);
    try {
      const rows = await session.query('SELECT DISTINCT page_title, br_cookies, se_value, user_id FROM events');
      expect(rows).toEqual([{ page_title: '"Quoted title"', br_cookies: true, se_value: 1e-7, user_id: null }]);
    } finally {
      session.close();
    }
  });
});
