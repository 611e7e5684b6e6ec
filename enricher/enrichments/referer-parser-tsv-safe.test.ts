import { makeTsvSafe } from './referer-parser-tsv-safe';

/** The rule as Snowplow writes it: TAB → four spaces, then ASCII controls deleted, empty → null. */
function reference(value: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/\t/g, '    ').replace(/[\u0000-\u001f\u007f]/g, '');
  return cleaned === '' ? null : cleaned;
}

describe('makeTsvSafe', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['', null],
    ['plain', 'plain'],
    ['a\tb', 'a    b'],
    ['\t', '    '],
    ['\n\r\u0000\u007f', null],
    ['x\u0080y', 'x\u0080y'],
    ['é ünïcode', 'é ünïcode'],
  ])('%p → %p', (input, expected) => {
    expect(makeTsvSafe(input)).toBe(expected);
  });

  it('agrees with the two-replacement rule on 20,000 random strings', () => {
    let seed = 3;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = ['a', 'Z', ' ', '\t', '\n', '\u0000', '\u001f', '\u007f', '\u0080', 'é', '\u{1F600}'];
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from({ length: Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(makeTsvSafe(text)).toBe(reference(text));
    }
  });
});
