/**
 * Table-driven fixture tests (enricher/test/fixtures/<case>/): `input.json` describes a collector payload,
 * `expected.json` lists, per good event, EVERY non-empty TSV field (all others must be empty), and per bad row the
 * schema and the parts of `data` that the spec fixes (deep subset match). Written from spec/enrich.md.
 * Clock, etl_tstamp and event ids are pinned; `${V_ETL}` stands for `sleet-<version>`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ENRICHED_FIELD_NAMES } from '../../common/enriched-fields';
import { ETL_VERSION, SLEET_VERSION } from '../../common/version';
import { EMPTY_REGISTRY } from '../enrichments/enrichment';
import { enrichPayload } from '../enrich-payload';
import { buildRecord, FixtureInput } from './fixture-record';
import { TestIglu } from './test-iglu';

const DIR = join(__dirname, 'fixtures');
const cases = readdirSync(DIR).filter((d) => statSync(join(DIR, d)).isDirectory()).sort();

function substitute<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/\$\{V_ETL\}/g, ETL_VERSION)) as T;
}

export function pinnedUuids(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

interface Expected {
  good: Array<Record<string, string>>;
  bad: Array<Record<string, unknown>>;
  dropped?: number;
}

test('there are fixture cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
});

describe.each(cases)('fixture %s', (name) => {
  const input = JSON.parse(readFileSync(join(DIR, name, 'input.json'), 'utf8')) as FixtureInput;
  const expected = substitute(JSON.parse(readFileSync(join(DIR, name, 'expected.json'), 'utf8')) as Expected);
  for (const asyncOnly of [false, true]) {
    it(`${input.description} (${asyncOnly ? 'async Iglu' : 'cached Iglu'})`, async () => {
      const result = await enrichPayload(
        buildRecord(input),
        { etlTimestamp: 1700000001000, arrivalTimestamp: 1700000003000 },
        {
          iglu: new TestIglu({ asyncOnly }),
          enrichments: EMPTY_REGISTRY,
          processor: { artifact: 'sleet', version: SLEET_VERSION },
          maxRecordBytes: input.deps?.maxRecordBytes ?? 1_000_000,
          atomicFieldLimits: input.deps?.atomicFieldLimits,
          clock: () => 1700000002000,
          uuid: pinnedUuids(),
        },
      );
      const good = result.good.map((g) => {
        const cells = g.tsv.split('\t');
        expect(cells).toHaveLength(131);
        expect(g.tsv).not.toMatch(/[\r\n]/);
        return Object.fromEntries(cells.map((v, i) => [ENRICHED_FIELD_NAMES[i], v]).filter(([, v]) => v !== ''));
      });
      expect(good).toEqual(expected.good);
      const bad = result.bad.map((b) => {
        const row = JSON.parse(b.json) as { schema: string };
        expect(b.schema).toBe(row.schema);
        return row;
      });
      expect(bad).toHaveLength(expected.bad.length);
      bad.forEach((row, i) => expect(row).toMatchObject(expected.bad[i] as object));
      expect(result.dropped).toBe(expected.dropped ?? 0);
    });
  }
});
