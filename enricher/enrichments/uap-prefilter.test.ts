import { ClauseIndex, requiredClauses } from './uap-prefilter';

describe('requiredClauses (regex prefilter)', () => {
  it.each([
    ['(Firefox)/(\\d+)', [['Firefox']]],
    ['(?:Mobile|Tablet);.{0,200}(Firefox)\\/(\\d+)', [['Mobile', 'Tablet'], ['Firefox']]],
    ['^.{0,200}(bot|spider|crawl)', [['bot', 'crawl', 'spider']]],
    ['a|bcd', []],
    ['ab|cd', [['ab', 'cd']]],
    ['(?:ab|c)xy', [['xy']]],
    ['(?:ab|cd)?xy', [['xy']]],
    ['(?:ab|cd){0,2}xy', [['xy']]],
    ['(?:ab|cd)+', [['ab', 'cd']]],
    ['(?=ab|cd)xy', [['xy']]],
    ['(?:ab(?:cd|e)|fg)', [['ab', 'fg']]],
    ['(?:Chrome|CriOS).{1,300}(?:OPR|Opera)x', [['Chrome', 'CriOS'], ['OPR', 'Opera']]],
    ['(?:foo|)bar', [['bar']]],
    ['[Ss]pider|[Cc]rawl', [['pider', 'rawl']]],
    ['\\x41BC|def', []],
    ['(a)\\1bc', []],
    ['(unclosed|x', []],
  ])('%s → %j', (source, expected) => {
    expect(requiredClauses(source).map((c) => [...c].sort())).toEqual(expected);
  });
});

describe('ClauseIndex.scan', () => {
  const clauses = [['Mozilla'], ['ab', 'Build'], ['zz'], ['é!', 'Ωx'], ['aa'], ['aaa', 'Mob'], ['a\u{1F600}'], ['end']];

  function marked(text: string, index = new ClauseIndex()): boolean[] {
    const ids = clauses.map((c) => index.add(c));
    index.scan(text);
    return ids.map((id) => index.satisfied(id));
  }

  it.each([
    'Mozilla/5.0 Build/1',
    'xxab',
    'zz',
    'z',
    '',
    'café! Ωx',
    'aaaa',
    'aa',
    'Mo',
    'Mob',
    'a\u{1F600}b',
    'the end',
    'en',
    'aBuilds Mozill',
  ])('%p: a clause is stamped when one of its literals occurs in the text', (text) => {
    expect(marked(text)).toEqual(clauses.map((c) => c.some((l) => text.includes(l))));
  });

  it('forgets the previous scan, also when the 32-bit stamps wrap around', () => {
    const index = new ClauseIndex({ maxStamp: 3 });
    const ids = clauses.map((c) => index.add(c));
    expect(index.satisfied(ids[0])).toBe(false);
    const texts = ['Mozilla Build', 'zz', 'Mozilla', 'the end', 'nothing', 'aa Mob', 'Mozilla zz', 'x', 'end'];
    for (const text of [...texts, ...texts.reverse(), ...texts]) {
      index.scan(text);
      expect(ids.map((id) => index.satisfied(id))).toEqual(clauses.map((c) => c.some((l) => text.includes(l))));
    }
  });

  it('shares clauses that have the same literals, in any order', () => {
    const index = new ClauseIndex();
    expect(index.add(['ab', 'cd'])).toBe(index.add(['cd', 'ab', 'cd']));
    expect(index.add(['ab'])).not.toBe(index.add(['ab', 'cd']));
    expect(index.size).toBe(2);
  });

  it('refuses one-character literals', () => {
    expect(() => new ClauseIndex().add(['a'])).toThrow(RangeError);
  });
});
