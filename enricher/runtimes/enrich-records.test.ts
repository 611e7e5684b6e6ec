import type { EnrichPayload } from '../api';
import { bindEnrich, positionUuid } from './enrich-records';
import { TEST_ENRICH_DEPS } from './test-support/pipeline-fixtures';

describe('bindEnrich', () => {
  const seen: Array<{ clock?: number; ids: string[] }> = [];
  const probe: EnrichPayload = async (_record, _ctx, deps) => {
    seen.push({ clock: deps.clock?.(), ids: [deps.uuid?.() ?? 'none', deps.uuid?.() ?? 'none'] });
    return { good: [], bad: [], dropped: 0 };
  };
  const ctx = { etlTimestamp: 1_700_000_000_000, arrivalTimestamp: 1_699_999_999_000 };

  beforeEach(() => {
    seen.length = 0;
  });

  it('pins failure timestamps to the etl_tstamp and derives generated event ids from the position', async () => {
    const enrich = bindEnrich(probe, TEST_ENRICH_DEPS);
    await enrich(new Uint8Array(), ctx, 'raw/shardId-000000000000/42');
    await enrich(new Uint8Array(), ctx, 'raw/shardId-000000000000/42');
    await enrich(new Uint8Array(), ctx, 'raw/shardId-000000000000/43');
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0].clock).toBe(ctx.etlTimestamp);
    expect(seen[0].ids[0]).not.toBe(seen[0].ids[1]);
    expect(seen[2].ids).not.toEqual(seen[0].ids);
  });

  it('leaves the deps alone without a position', async () => {
    await bindEnrich(probe, TEST_ENRICH_DEPS)(new Uint8Array(), ctx);
    expect(seen[0]).toEqual({ clock: undefined, ids: ['none', 'none'] });
  });

  it('makes RFC 9562 version-8 UUIDs', () => {
    const id = positionUuid('s/shard/1', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(positionUuid('s/shard/1', 0)).toBe(id);
  });
});
