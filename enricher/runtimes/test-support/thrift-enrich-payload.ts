/**
 * A narrow, real-shaped EnrichPayload for runtime tests that must not depend on the full enrichment core: it decodes
 * the Thrift CollectorPayload with common/thrift, and emits one 131-column TSV line per event (event id from `eid`
 * of the querystring or of each tp2 POST event), or a collector_payload_format_violation bad row for undecodable
 * input, and a schema_violations-shaped bad row (partitioned by the collector time) for events with `e=invalid`.
 * Same contract, same partition rules as enricher/enrich-payload.ts; none of its enrichment logic.
 */
import type { EnrichPayload, EnrichResult } from '../../api';
import { BAD_ROW_SCHEMAS, badRow, instantText } from '../../../common/bad-rows';
import { ENRICHED_FIELD_COUNT, ENRICHED_FIELD_INDEX } from '../../../common/enriched-fields';
import { decodeCollectorPayload } from '../../../common/thrift';

function tsvTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function events(querystring: string | undefined, body: string | undefined): Array<{ id: string; invalid: boolean }> {
  const out: Array<{ id: string; invalid: boolean }> = [];
  const q = new URLSearchParams(querystring ?? '');
  const eid = q.get('eid');
  if (eid !== null) out.push({ id: eid, invalid: q.get('e') === 'invalid' });
  if (body !== undefined && body !== '') {
    const parsed = JSON.parse(body) as { data?: Array<{ eid?: unknown; e?: unknown }> };
    for (const e of parsed.data ?? []) if (typeof e.eid === 'string') out.push({ id: e.eid, invalid: e.e === 'invalid' });
  }
  return out;
}

export const thriftEnrichPayload: EnrichPayload = async (record, ctx, deps) => {
  const out: EnrichResult = { good: [], bad: [], dropped: 0 };
  try {
    const p = decodeCollectorPayload(record);
    for (const { id, invalid } of events(p.querystring, p.body)) {
      if (invalid) {
        const row = badRow(
          BAD_ROW_SCHEMAS.schemaViolations,
          deps.processor,
          { timestamp: instantText(ctx.etlTimestamp), messages: [{ eventId: id, error: 'test: invalid event' }] },
          { raw: { vendor: 'com.snowplowanalytics.snowplow', version: 'tp2', parameters: [{ name: 'eid', value: id }] } },
        );
        out.bad.push({ json: JSON.stringify(row), schema: row.schema, partitionTimestamp: p.timestamp });
        continue;
      }
      const fields = new Array<string>(ENRICHED_FIELD_COUNT).fill('');
      fields[ENRICHED_FIELD_INDEX.app_id] = 'test';
      fields[ENRICHED_FIELD_INDEX.platform] = 'srv';
      fields[ENRICHED_FIELD_INDEX.etl_tstamp] = tsvTimestamp(ctx.etlTimestamp);
      fields[ENRICHED_FIELD_INDEX.collector_tstamp] = tsvTimestamp(p.timestamp);
      fields[ENRICHED_FIELD_INDEX.event] = 'page_view';
      fields[ENRICHED_FIELD_INDEX.event_id] = id;
      fields[ENRICHED_FIELD_INDEX.v_collector] = p.collector;
      fields[ENRICHED_FIELD_INDEX.v_etl] = `${deps.processor.artifact}-${deps.processor.version}`;
      out.good.push({ tsv: fields.join('\t'), eventId: id, collectorTimestamp: p.timestamp });
    }
  } catch (e) {
    const row = badRow(
      BAD_ROW_SCHEMAS.collectorPayloadFormatViolation,
      deps.processor,
      { timestamp: instantText(ctx.etlTimestamp), loader: 'thrift', message: { error: (e as Error).message } },
      Buffer.from(record).toString('base64'),
    );
    out.bad.push({ json: JSON.stringify(row), schema: row.schema, partitionTimestamp: ctx.arrivalTimestamp });
  }
  return out;
};
