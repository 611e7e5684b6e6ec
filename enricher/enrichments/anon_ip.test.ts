import { anonIpFactory, createAnonIp, parseAnonIpConfig } from './anon_ip';
import { anonymiseIp, expandIpv6 } from './anon-ip-address';
import { EnrichmentConfigError } from './enrichment';
import { emptyEnrichedEvent } from '../model/enriched-event';
import { testFactoryContext, testInput } from './enrichments-2-test-support';

describe('anonymiseIp (spec/enrich.md §4.2)', () => {
  test.each([
    ['94.15.223.151', 1, 1, '94.15.223.x'],
    ['94.15.223.151', 2, 2, '94.15.x.x'],
    ['94.15.223.151', 3, 3, '94.x.x.x'],
    ['94.15.223.151', 4, 4, 'x.x.x.x'],
    ['::ffff:94.15.223.151', 1, 1, '::ffff:94.15.223.x'],
    ['::FFFF:94.15.223.151', 2, 2, '::FFFF:94.15.x.x'],
    ['::ffff:94.15.223.151', 4, 4, '::ffff:x.x.x.x'],
    ['2605:2700:0:3::4713:93e3', 4, 4, '2605:2700:0:3:x:x:x:x'],
    ['2605:2700:0:3::4713:93e3', 1, 1, '2605:2700:0:3:0:0:4713:x'],
    ['2605:2700:0:3::4713:93e3', 1, 8, 'x:x:x:x:x:x:x:x'],
    ['2605:2700:0000:0003:0000:0000:4713:93E3', 1, 2, '2605:2700:0:3:0:0:x:x'],
    ['::1', 1, 3, '0:0:0:0:0:x:x:x'],
    ['::', 1, 1, '0:0:0:0:0:0:0:x'],
    ['fe80::1%eth0', 1, 2, 'fe80:0:0:0:0:0:x:x'],
    ['64:ff9b::1.2.3.4', 1, 1, '64:ff9b:0:0:0:0:102:x'],
    ['::ffff:5e0f:df97', 1, 2, '0:0:0:0:0:ffff:x:x'],
  ])('%s with octets %d / segments %d → %s', (ip, octets, segments, expected) => {
    expect(anonymiseIp(ip, octets, segments)).toBe(expected);
  });

  // Rows of Enrich's own AnonIpEnrichmentSpec table (Apache-2.0 era): [ip, octets, segments, expected].
  test.each([
    ['0.23.0.20', 1, 1, '0.23.0.x'],
    ['168.192.102.4', 2, 2, '168.192.x.x'],
    ['54.242.102.43', 3, 3, '54.x.x.x'],
    ['94.15.213.171', 4, 4, 'x.x.x.x'],
    ['777.2', 1, 1, '777.2'],
    ['777.2.23', 4, 4, 'x.x.x'],
    ['999.123.777.2', 3, 3, '999.x.x.x'],
    ['999.aaa.bbb.c', 3, 3, '999.x.x.x'],
    ['hello;goodbye', 3, 3, 'hello;goodbye'],
    ['', 4, 4, 'x'],
    ['4b0c:0:0:0:880c:99a8:4b0:4411', 1, 1, '4b0c:0:0:0:880c:99a8:4b0:x'],
    ['4b0c::880c:99a8:4b0:4411', 2, 2, '4b0c:0:0:0:880c:99a8:x:x'],
    ['2605:2700:0:3:0:0:4713:93e3', 3, 3, '2605:2700:0:3:0:x:x:x'],
    ['2605:2700:0:3::4713:93e3', 4, 5, '2605:2700:0:x:x:x:x:x'],
    ['2605:2700:0:3::4713:93e3', 4, 7, '2605:x:x:x:x:x:x:x'],
    ['2605:2700::4713:93e3', 4, 8, 'x:x:x:x:x:x:x:x'],
    ['2700::4713', 4, 8, 'x:x:x:x:x:x:x:x'],
    ['2700:zzzz::gggg', 4, 6, '2700:zzzz:x:x:x:x:x:x'],
    ['f334::40cb:152.16.24.142', 4, 2, 'f334:0:0:0:0:40cb:x:x'],
    ['f334::40cb:152.16.24.142', 4, 4, 'f334:0:0:0:x:x:x:x'],
    ['::192.168.0.1', 4, 1, '0:0:0:0:0:0:c0a8:x'],
    ['::FFFF:152.16.24.123', 2, 4, '::FFFF:152.16.x.x'],
    ['::FFFF:152.16.24.123', 4, 4, '::FFFF:x.x.x.x'],
  ])('Enrich table: %s (octets %d, segments %d) → %s', (ip, octets, segments, expected) => {
    expect(anonymiseIp(ip, octets, segments)).toBe(expected);
  });

  test('every valid IPv4 gets exactly N x, every valid IPv6 exactly N x', () => {
    for (let i = 0; i < 500; i++) {
      const v4 = Array.from({ length: 4 }, () => Math.floor(Math.random() * 256)).join('.');
      const n = 1 + (i % 4);
      expect(anonymiseIp(v4, n, 1).split('x').length - 1).toBe(n);
      const v6 = Array.from({ length: 8 }, () => Math.floor(Math.random() * 65536).toString(16)).join(':');
      const m = 1 + (i % 8);
      expect(anonymiseIp(v6, 1, m).split('x').length - 1).toBe(m);
    }
  });

  test('a valid IPv4 keeps its first 4 − N octets as written, then N x', () => {
    for (let i = 0; i < 500; i++) {
      const octets = Array.from({ length: 4 }, () => Math.floor(Math.random() * 256));
      const n = 1 + (i % 4);
      const expected = [...octets.slice(0, 4 - n).map(String), ...Array<string>(n).fill('x')].join('.');
      expect(anonymiseIp(octets.join('.'), n, 1)).toBe(expected);
    }
  });

  test.each([
    ['not.an.ip', 1, 'not.an.ip'], // keeps the first 4 − n parts: nothing to mask
    ['not.an.ip', 2, 'not.an.x'],
    ['1.2.3', 2, '1.2.x'],
    ['999.999.999.999', 1, '999.999.999.x'],
    ['a.b.c.d.e', 1, 'a.b.c.x.x'],
    ['gggg:1:2', 1, 'gggg:1:2:x:x:x:x:x'],
    ['unknown', 1, 'unknown'],
  ])('unparseable %s (%d) → %s', (ip, n, expected) => {
    expect(anonymiseIp(ip, n, n)).toBe(expected);
  });

  test('expandIpv6 rejects non-IPv6 text', () => {
    expect(expandIpv6('1.2.3.4')).toBeNull();
    expect(expandIpv6('1:2:3')).toBeNull();
    expect(expandIpv6('x'.repeat(10000))).toBeNull();
  });
});

describe('anon_ip config', () => {
  test('anonSegments defaults to anonOctets (schema 1-0-0 configs)', () => {
    expect(parseAnonIpConfig({ anonOctets: 3 }, 'f')).toEqual({ anonOctets: 3, anonSegments: 3 });
    expect(parseAnonIpConfig({ anonOctets: 1, anonSegments: 6 }, 'f')).toEqual({ anonOctets: 1, anonSegments: 6 });
  });

  test.each([
    [undefined, /anonOctets/],
    [[], /parameters must be an object/],
    [{}, /anonOctets must be an integer from 1 to 4, got undefined/],
    [{ anonOctets: 0 }, /anonOctets must be an integer from 1 to 4, got 0/],
    [{ anonOctets: 5 }, /got 5/],
    [{ anonOctets: 2.5 }, /got 2.5/],
    [{ anonOctets: '2' }, /got "2"/],
    [{ anonOctets: 2, anonSegments: 9 }, /anonSegments must be an integer from 1 to 8, got 9/],
    [{ anonOctets: 2, extra: 1 }, /unknown parameter "extra"/],
  ])('rejects %j', async (parameters, message) => {
    const ctx = testFactoryContext('enrichments/anon_ip.json');
    const created = anonIpFactory.create(parameters, ctx, 'iglu:com.snowplowanalytics.snowplow/anon_ip/jsonschema/1-0-1');
    await expect(created).rejects.toThrow(EnrichmentConfigError);
    await expect(created).rejects.toThrow(message);
    await expect(created).rejects.toThrow(/enrichments\/anon_ip\.json \(anon_ip\)/);
  });
});

describe('anon_ip enrichment', () => {
  test('masks user_ipaddress in place and adds nothing else', async () => {
    const enrichment = await anonIpFactory.create({ anonOctets: 2, anonSegments: 3 }, testFactoryContext(), 's');
    expect(enrichment.slot).toBe('anon_ip');
    const event = emptyEnrichedEvent();
    event.user_ipaddress = '10.0.2.15';
    expect(enrichment.enrich(testInput(event))).toBeUndefined();
    expect(event.user_ipaddress).toBe('10.0.x.x');
    event.user_ipaddress = '2001:db8::ff00:42:8329';
    enrichment.enrich(testInput(event));
    expect(event.user_ipaddress).toBe('2001:db8:0:0:0:x:x:x');
  });

  test('leaves a missing IP missing', () => {
    const event = emptyEnrichedEvent();
    createAnonIp({ anonOctets: 4, anonSegments: 8 }).enrich(testInput(event));
    expect(event.user_ipaddress).toBeNull();
  });
});
