import { decodeBase64Lenient } from './base64';
import { cleanCollectorUseragent, makeTsvSafe } from './conversions';
import { extractIpAddress } from './ip-address';
import { parseJson, stringifyJson, toPlain } from './json';
import { decoderFor, pairsToMap, parseCollectorQuerystring, parseFormPairs } from './querystring';
import { formatTimestamp, parseMsTimestamp } from './timestamps';
import { ParseFailure } from './conversions';

const utf8 = decoderFor('UTF-8') as TextDecoder;

describe('querystrings (§0.1)', () => {
  it('splits on & and ;, decodes + and %xx, keeps malformed escapes, null without =, last duplicate wins', () => {
    const pairs = parseFormPairs('a=1;b=x+y&c=%C3%A9&d=%zz&e&=skip&a=2&f=', utf8);
    expect(pairs).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: 'x y' },
      { name: 'c', value: 'é' },
      { name: 'd', value: '%zz' },
      { name: 'e', value: null },
      { name: 'a', value: '2' },
      { name: 'f', value: '' },
    ]);
    expect([...pairsToMap(pairs)]).toEqual([['b', 'x y'], ['c', 'é'], ['d', '%zz'], ['e', null], ['a', '2'], ['f', '']]);
  });
  it('invalid UTF-8 bytes become U+FFFD; other charsets are honoured', () => {
    expect(parseFormPairs('x=%FF', utf8)[0]?.value).toBe('\ufffd');
    expect(parseFormPairs('x=%E9', decoderFor('ISO-8859-1') as TextDecoder)[0]?.value).toBe('é');
  });
  it('the thrift loader rejects what java.net.URI rejects and ignores a fragment', () => {
    expect(parseCollectorQuerystring('a=1&b=2#c=3', 'UTF-8')).toEqual({ ok: true, pairs: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] });
    for (const bad of ['a=b c', 'a=%', 'a=|', 'a={}', 'a="', 'a=1#x#y']) expect(parseCollectorQuerystring(bad, 'UTF-8').ok).toBe(false);
    expect(parseCollectorQuerystring('a=1', 'nope')).toEqual({ ok: false, error: 'Unsupported encoding: nope' });
  });
});

describe('cleaning (§1.4)', () => {
  it('makeTsvSafe: TAB → 4 spaces, ASCII controls removed, C1 kept, empty → null', () => {
    expect(makeTsvSafe('a\tb\nc\u0000\u007f\u0085')).toBe('a    bc\u0085');
    expect(makeTsvSafe('\u0001')).toBeNull();
    expect(makeTsvSafe('')).toBeNull();
  });
  it('collector UA: CR/LF removed, TAB → 4 spaces, other controls kept', () => {
    expect(cleanCollectorUseragent('a\r\n\tb\u0001')).toBe('a    b\u0001');
  });
});

describe('IpAddressExtractor (§0.1)', () => {
  it('X-Forwarded-For wins at once; Forwarded only when last; else the payload IP', () => {
    expect(extractIpAddress(['Forwarded: for=1.1.1.1', 'X-Forwarded-For: 2.2.2.2, 3.3.3.3'], '9.9.9.9')).toBe('2.2.2.2');
    expect(extractIpAddress(['Host: x', 'Forwarded: for=1.1.1.1'], '9.9.9.9')).toBe('1.1.1.1');
    expect(extractIpAddress(['Forwarded: for=1.1.1.1', 'Host: x'], '9.9.9.9')).toBe('9.9.9.9');
    expect(extractIpAddress(['x-forwarded-for: "[2001:DB8::1]"'], '9.9.9.9')).toBe('2001:db8::1');
    expect(extractIpAddress(['X-Forwarded-For: unknown'], '9.9.9.9')).toBe('9.9.9.9');
    expect(extractIpAddress(undefined, null)).toBeNull();
  });
});

describe('lossless JSON (§1.3)', () => {
  it('keeps number lexemes and key order, compact output', () => {
    const r = parseJson('{ "b" : 1.50, "a" : [1e3, -0, 12345678901234567890, 2] }');
    expect(r.ok && stringifyJson(r.json.lossless)).toBe('{"b":1.50,"a":[1e3,-0,12345678901234567890,2]}');
    expect(r.ok && r.json.plain).toEqual({ b: 1.5, a: [1000, -0, 12345678901234567000, 2] });
    expect(r.ok && toPlain(r.json.lossless)).toEqual(r.ok && r.json.plain);
  });
  it('canonical numbers share the plain parse (fast path)', () => {
    const r = parseJson('{"a":[1,2.5,-3]}');
    expect(r.ok && r.json.lossless).toBe(r.ok && r.json.plain);
  });
  it('limits depth before parsing and reports parse errors', () => {
    expect(parseJson('['.repeat(51) + ']'.repeat(51)).ok).toBe(false);
    expect(parseJson('['.repeat(50) + ']'.repeat(50)).ok).toBe(true);
    expect(parseJson('{"a":"[[[[["}', 2).ok).toBe(true);
    expect(parseJson('{').ok).toBe(false);
    // Brackets and numbers inside strings (with escaped quotes and backslash runs) count for neither depth nor lexemes.
    expect(parseJson('{"a":"\\"[[[1.50\\\\","b":"\\\\","c":[[1]]}', 3)).toMatchObject({ ok: true, json: { plain: { a: '"[[[1.50\\', b: '\\' } } });
    expect(parseJson('{"a":"\\\\"},[[[[1]]]]', 3).ok).toBe(false);
    expect(parseJson('{"a":"x\\"}', 1).ok).toBe(false);
    const r = parseJson('{"s":"\\"1.50\\"","n":1.50}');
    expect(r.ok && stringifyJson(r.json.lossless)).toBe('{"s":"\\"1.50\\"","n":1.50}');
  });
  it('escapes like circe: raw UTF-8, control chars escaped', () => {
    expect(stringifyJson({ s: 'é\n"\\\u0001/' })).toBe('{"s":"é\\n\\"\\\\\\u0001/"}');
  });
});

describe('base64 and timestamps', () => {
  it('base64 accepts both alphabets with or without padding', () => {
    const text = '{"a":"?>~"}';
    expect(decodeBase64Lenient(Buffer.from(text).toString('base64'))).toBe(text);
    expect(decodeBase64Lenient(Buffer.from(text).toString('base64url'))).toBe(text);
  });
  it('ms timestamps: Java toLong, year 0–9999', () => {
    expect(parseMsTimestamp('+1577934245006')).toEqual({ ms: 1577934245006, text: '2020-01-02 03:04:05.006' });
    expect(parseMsTimestamp('-62167219200000')).toEqual({ ms: -62167219200000, text: '0000-01-01 00:00:00.000' });
    expect((parseMsTimestamp('-62167219200001') as ParseFailure).message).toMatch(/is not Redshift-compatible$/);
    expect((parseMsTimestamp('1.5') as ParseFailure).message).toBe('Not in the expected format: ms since epoch');
    expect((parseMsTimestamp('9223372036854775808') as ParseFailure).message).toBe('Not in the expected format: ms since epoch');
    expect(formatTimestamp(0)).toBe('1970-01-01 00:00:00.000');
  });
});

test('the arithmetic timestamp formatter agrees with Date over years 0–9999', () => {
  const iso = (ms: number) => {
    const t = new Date(ms).toISOString();
    return `${t.slice(0, 10)} ${t.slice(11, 23)}`;
  };
  const samples = [0, -1, 1, -62167219200000, 253402300799999, 951782400000, 951868799999, 4107542400000, -2203891200001, 1700000000123];
  let x = 12345;
  for (let i = 0; i < 20000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    samples.push(-62167219200000 + Math.floor((x / 2147483648) * (253402300800000 + 62167219200000)));
  }
  for (const ms of samples) expect(formatTimestamp(ms)).toBe(iso(ms));
});
