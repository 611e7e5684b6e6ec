import { normaliseIp } from './ip-address';

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
