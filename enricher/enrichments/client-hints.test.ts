import { parseBrandList, parseSfString, readClientHints, significantBrand } from './client-hints';

describe('client hints', () => {
  it('parses Sec-CH-UA brand lists (RFC 8941)', () => {
    expect(parseBrandList('"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"')).toEqual([
      { brand: 'Chromium', version: '124' },
      { brand: 'Google Chrome', version: '124' },
      { brand: 'Not-A.Brand', version: '99' },
    ]);
    expect(parseBrandList('"Not\\\\A;Brand";v="8.0.0.0","Chromium";v="124.0.6367.91"')).toEqual([
      { brand: 'Not\\A;Brand', version: '8.0.0.0' },
      { brand: 'Chromium', version: '124.0.6367.91' },
    ]);
  });

  it.each(['Chromium', '"unterminated', '"a";v="1" "b"', '"a";v', ''])('rejects malformed brand list %p', (v) => {
    expect(parseBrandList(v)).toBeNull();
  });

  it('parses sf-strings', () => {
    expect(parseSfString('"Windows"')).toBe('Windows');
    expect(parseSfString('"a\\"b"')).toBe('a"b');
    expect(parseSfString('Windows')).toBeNull();
    expect(parseSfString('"a" x')).toBeNull();
  });

  it('picks the brand that names the browser', () => {
    expect(significantBrand(parseBrandList('"Not A(Brand";v="99", "Chromium";v="124", "Microsoft Edge";v="124"'))).toEqual({ brand: 'Microsoft Edge', version: '124' });
    expect(significantBrand(parseBrandList('"Chromium";v="124", "Not/A)Brand";v="8"'))).toEqual({ brand: 'Chromium', version: '124' });
    expect(significantBrand(null)).toBeNull();
  });

  it('reads headers case-insensitively and lets the tracker entity win field by field', () => {
    const hints = readClientHints(
      [
        'Host: collector.example.com',
        'sec-ch-ua: "Chromium";v="124", "Google Chrome";v="124"',
        'Sec-CH-UA-Mobile: ?0',
        'SEC-CH-UA-PLATFORM: "Windows"',
        'Sec-CH-UA-Platform-Version: "15.0.0"',
        'Sec-CH-UA-Arch: "x86"',
        'Sec-CH-UA-Bitness: "64"',
      ],
      [
        {
          schema: 'iglu:org.ietf/http_client_hints/jsonschema/1-0-0',
          data: { isMobile: false, brands: [{ brand: 'Google Chrome', version: '124' }], uaFullVersion: '124.0.6367.91', platformVersion: '14.0.0' },
        },
      ],
    );
    expect(hints).toEqual({
      brands: [{ brand: 'Google Chrome', version: '124' }],
      fullVersionList: null,
      fullVersion: '124.0.6367.91',
      mobile: false,
      platform: 'Windows',
      platformVersion: '14.0.0',
      architecture: 'x86',
      bitness: '64',
      model: null,
    });
  });

  it('returns null when there are no hints, and ignores oversized or malformed values', () => {
    expect(readClientHints(['Host: x', 'User-Agent: y'], [])).toBeNull();
    const hints = readClientHints([`Sec-CH-UA-Model: "${'x'.repeat(5000)}"`, 'Sec-CH-UA-Platform: Windows', 'Sec-CH-UA-Mobile: yes'], [
      { schema: 'iglu:org.ietf/http_client_hints/jsonschema/1-0-0', data: { brands: 'nope', isMobile: 'true' } },
    ]);
    expect(hints).toMatchObject({ model: null, platform: null, mobile: null, brands: null });
  });
});
