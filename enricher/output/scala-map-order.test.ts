import { scalaMapOrder } from './scala-map-order';

test('maps of up to 4 entries keep insertion order', () => {
  const e = [['z', 1], ['a', 2], ['m', 3], ['b', 4]] as const;
  expect(scalaMapOrder(e).map((x) => x[0])).toEqual(['z', 'a', 'm', 'b']);
});

test('larger maps iterate in Scala 2.12 hash-trie order (cross_navigation vector of spec/enrich.md §4.12)', () => {
  const keys = ['domain_user_id', 'timestamp', 'session_id', 'user_id', 'source_id', 'source_platform', 'reason'];
  expect(scalaMapOrder(keys.map((k) => [k, null] as const)).map((x) => x[0])).toEqual([
    'session_id',
    'timestamp',
    'reason',
    'user_id',
    'source_id',
    'domain_user_id',
    'source_platform',
  ]);
});
