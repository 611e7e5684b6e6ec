import { ENRICHED_FIELD_NAMES } from '../../common/enriched-fields';
import { emptyEnrichedEvent } from '../model/enriched-event';
import { newEnrichedEvent } from '../pipeline/new-enriched-event';
import { toTsv } from './tsv';

describe('toTsv', () => {
  const fill = (ev: Record<string, unknown>) => {
    ev.app_id = 'a';
    ev.true_tstamp = '2020-01-01 00:00:00.000';
    ev.event = 'page_view';
    return ev;
  };
  it('gives the same line for the fast fixed-shape event and for an event built in another key order', () => {
    const fast = toTsv(fill(newEnrichedEvent() as unknown as Record<string, unknown>) as never);
    const other = toTsv(fill(emptyEnrichedEvent() as unknown as Record<string, unknown>) as never);
    expect(fast).toBe(other);
    const cells = fast.split('\t');
    expect(cells).toHaveLength(131);
    expect(cells[0]).toBe('a');
    expect(cells[ENRICHED_FIELD_NAMES.indexOf('event')]).toBe('page_view');
    expect(cells[130]).toBe('2020-01-01 00:00:00.000');
  });
  it('cleans cells an enrichment left with TAB, CR or LF so the line keeps 131 columns', () => {
    const ev = newEnrichedEvent() as unknown as Record<string, unknown>;
    ev.geo_city = 'a\tb\r\nc';
    const cells = toTsv(ev as never).split('\t');
    expect(cells).toHaveLength(131);
    expect(cells[ENRICHED_FIELD_NAMES.indexOf('geo_city')]).toBe('a    bc');
  });
  it('an extra property does not shift columns', () => {
    const ev = newEnrichedEvent() as unknown as Record<string, unknown>;
    ev.app_id = 'x';
    ev.extra = 'nope';
    expect(toTsv(ev as never).split('\t')).toHaveLength(131);
  });
});
