import { isIPv4 } from 'node:net';
import { ipv4OctetStart, isIpv4, normaliseIp } from './ip-address';

describe('normaliseIp', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['  192.0.2.1 ', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:192.0.2.1', '192.0.2.1'],
    ['::ffff:c000:201', '192.0.2.1'],
    ['0:0:0:0:0:ffff:c000:0201', '192.0.2.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseIp(input)).toBe(expected);
  });

  it.each([null, '', 'not-an-ip', '999.1.1.1', '1.2.3', '192.0.2.1:8080', 'x'.repeat(10_000), '::ffff:999.1.1.1'])(
    'rejects %p',
    (input) => {
      expect(normaliseIp(input)).toBeNull();
    },
  );
});

describe('isIpv4 / ipv4OctetStart (character scan)', () => {
  const cases = ['0.0.0.0', '255.255.255.255', '256.1.1.1', '1.2.3.04', '01.2.3.4', '1.2.3.4.', '.1.2.3.4', '1..2.3', '1.2.3', '1.2.3.4.5',
    '1.2.3.4 ', ' 1.2.3.4', '1.2.3.4\n', '١.٢.٣.٤', '1.2.3.255', '1.2.3.250', '1.2.3.260', '199.99.9.0', '1.2.3.-1', '1.2.3.+1', '1.2.3.1e1'];

  it.each(cases)('%p: same answer as node:net isIPv4', (text) => {
    expect(isIpv4(text)).toBe(isIPv4(text));
  });

  it('agrees with node:net isIPv4 on 100,000 generated near-addresses', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const parts = ['0', '00', '1', '01', '9', '10', '99', '100', '199', '200', '249', '250', '255', '256', '260', '300', '999', '1000', '', 'x', ' 1', '1 '];
    let valid = 0;
    for (let n = 0; n < 100_000; n++) {
      const text = Array.from({ length: pick([3, 4, 4, 4, 4, 5]) }, () => pick(parts)).join(pick(['.', '.', '.', '.', '..', ':']));
      expect(isIpv4(text)).toBe(isIPv4(text));
      if (isIPv4(text)) valid++;
    }
    expect(valid).toBeGreaterThan(1000);
  });

  it('gives where each octet starts', () => {
    expect([0, 1, 2, 3].map((o) => ipv4OctetStart('10.200.3.45', o))).toEqual([0, 3, 7, 9]);
    expect(ipv4OctetStart('10.200.3.456', 2)).toBe(-1);
  });
});
