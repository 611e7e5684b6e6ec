import { ENRICHED_FIELD_NAMES } from '../../common/enriched-fields';
import { emptyEnrichedEvent } from '../model/enriched-event';
import { newEnrichedEvent } from './new-enriched-event';

test('the fixed-shape event literal has every field, in TSV order, equal to emptyEnrichedEvent()', () => {
  const ev = newEnrichedEvent();
  expect(Object.keys(ev)).toEqual([...ENRICHED_FIELD_NAMES]);
  expect(ev).toEqual(emptyEnrichedEvent());
  expect(newEnrichedEvent().contexts).not.toBe(ev.contexts);
});
