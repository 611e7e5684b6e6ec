import { createHash } from 'node:crypto';
import { emptyEnrichedEvent } from '../model/enriched-event';
import { EnrichmentConfigError } from './enrichment';
import { eventFingerprint, eventFingerprintFactory, parseEventFingerprintConfig } from './event_fingerprint';
import { testFactoryContext, testInput } from './enrichments-2-test-support';

const US = '\u001f';

describe('event_fingerprint_config (spec/enrich.md §4.9)', () => {
  const parameters = { e: 'pv', eid: 'a1b2', tv: 'js-3.0.0', stm: '1700000000000', aid: 'shop', p: 'web', url: 'https://ex.com/é' };

  test('MD5 of sorted name␟value␟ pairs minus excluded parameters', async () => {
    const enrichment = await eventFingerprintFactory.create(
      { hashAlgorithm: 'MD5', excludeParameters: ['eid', 'nuid', 'stm', 'cv'] },
      testFactoryContext(),
      'iglu:com.snowplowanalytics.snowplow/event_fingerprint_config/jsonschema/1-0-0',
    );
    const event = emptyEnrichedEvent();
    expect(enrichment.enrich(testInput(event, { parameters }))).toBeUndefined();
    const text = `aid${US}shop${US}e${US}pv${US}p${US}web${US}tv${US}js-3.0.0${US}url${US}https://ex.com/é${US}`;
    expect(event.event_fingerprint).toBe(createHash('md5').update(text, 'utf8').digest('hex'));
  });

  test.each([
    ['SHA1', 'sha1', 40],
    ['SHA256', 'sha256', 64],
    ['SHA384', 'sha384', 96],
    ['SHA512', 'sha512', 128],
  ] as const)('%s', (name, nodeName, hexLength) => {
    const fp = eventFingerprint(new Map([['b', '2'], ['a', '1']]), { hashAlgorithm: name, excludeParameters: [] });
    expect(fp).toBe(createHash(nodeName).update(`a${US}1${US}b${US}2${US}`).digest('hex'));
    expect(fp).toHaveLength(hexLength);
  });

  test('orders by UTF-16 code units (uppercase before lowercase, surrogates after BMP)', () => {
    const names = ['b', 'B', 'a', '_', 'é', '\u{1F600}', '\uFFFD', 'aa'];
    const map = new Map(names.map((n) => [n, 'v'] as [string, string]));
    const expected = ['B', '_', 'a', 'aa', 'b', 'é', '\u{1F600}', '\uFFFD'].map((n) => `${n}${US}v${US}`).join('');
    expect(eventFingerprint(map, { hashAlgorithm: 'MD5', excludeParameters: [] })).toBe(
      createHash('md5').update(expected).digest('hex'),
    );
  });

  test('insertion order of the parameters does not matter; values do', () => {
    const cfg = { hashAlgorithm: 'MD5' as const, excludeParameters: ['eid'] };
    const a = eventFingerprint(new Map([['x', '1'], ['y', '2'], ['eid', 'one']]), cfg);
    const b = eventFingerprint(new Map([['eid', 'two'], ['y', '2'], ['x', '1']]), cfg);
    expect(a).toBe(b);
    expect(eventFingerprint(new Map([['x', '1'], ['y', '3']]), cfg)).not.toBe(a);
  });

  test.each([10, 64, 65, 66, 300])('%i parameters in shuffled order: same digest as a plain sort', (count) => {
    let seed = count;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', 'B', 'é', '_', '\u{1F600}', '\uFFFD', '0'];
    const names = new Set<string>();
    while (names.size < count) names.add(Array.from({ length: 1 + Math.floor(random() * 4) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    const shuffled = [...names].sort(() => random() - 0.5);
    const map = new Map(shuffled.map((n, i) => [n, `v${i}`] as [string, string]));
    const expected = [...map.keys()].sort().map((n) => `${n}${US}${map.get(n)}${US}`).join('');
    expect(eventFingerprint(map, { hashAlgorithm: 'MD5', excludeParameters: [] })).toBe(createHash('md5').update(expected).digest('hex'));
  });

  test('empty parameter map hashes the empty string; huge values are fine', () => {
    const cfg = { hashAlgorithm: 'MD5' as const, excludeParameters: [] };
    expect(eventFingerprint(new Map(), cfg)).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(eventFingerprint(new Map([['ue_px', 'x'.repeat(1_000_000)]]), cfg)).toMatch(/^[0-9a-f]{32}$/);
  });

  test.each([
    [{ excludeParameters: [] }, /hashAlgorithm must be one of MD5, SHA1, SHA256, SHA384, SHA512, got undefined/],
    [{ hashAlgorithm: 'SHA-256', excludeParameters: [] }, /got "SHA-256"/],
    [{ hashAlgorithm: 'MD5' }, /excludeParameters must be an array/],
    [{ hashAlgorithm: 'MD5', excludeParameters: [1] }, /excludeParameters must be an array/],
    [{ hashAlgorithm: 'MD5', excludeParameters: [], salt: 'x' }, /unknown parameter "salt"/],
    [null, /parameters must be an object/],
  ])('config %j is rejected', (parameters, message) => {
    expect(() => parseEventFingerprintConfig(parameters, 'cfg.json')).toThrow(EnrichmentConfigError);
    expect(() => parseEventFingerprintConfig(parameters, 'cfg.json')).toThrow(message);
  });
});
