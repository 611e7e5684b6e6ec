import { requiredLiteral, requiredLiterals } from './uap-prefilter';
import { compileUapRules } from './uap-rules';

describe('requiredLiteral (regex prefilter)', () => {
  it.each([
    ['(Firefox)/(\\d+)\\.(\\d+)', 'Firefox'],
    ['(?:Mobile|Tablet);.{0,200}(Firefox)\\/(\\d+)', 'Firefox'],
    ['^.{0,200}(bot|spider|crawl)', null],
    ['(?:Chrome).{1,300}(OPR)\\/(\\d+)', 'Chrome'],
    ['Android; Mobile; rv:', 'Android; Mobile; rv:'],
    ['colou?r-scheme', 'r-scheme'],
    ['ab+cdef', 'cdef'],
    ['(?:Silk-Accelerated=true)?Build', 'Build'],
    ['(Edge)(?!x)/(\\d+)', 'Edge'],
    ['[Ss]pider', 'pider'],
    ['a|bcd', null],
    ['xy', null],
    ['(unclosed', null],
    ['\\bMSIE (\\d+)', 'MSIE '],
    ['(?<name>Opera) Mini', 'Opera'],
  ])('%s → %p', (source, expected) => {
    expect(requiredLiteral(source)).toBe(expected);
  });

  it('collects every required literal, longest first', () => {
    expect(requiredLiterals('(?:Chrome).{1,300}(OPR)\\/(\\d+)')).toEqual(['Chrome', 'OPR']);
    expect(requiredLiterals('; *(SM-[A-Z0-9]+) Build')).toEqual([' Build', 'SM-']);
    expect(requiredLiterals('a|b')).toEqual([]);
  });

  it('never changes a result: a rule whose literal is absent is skipped, others still match', () => {
    const parser = compileUapRules(
      [
        'user_agent_parsers:',
        "  - regex: '(Foo)Bar/(\\d+)'",
        "  - regex: '(Baz)/(\\d+)'",
        '    regex_flag: i',
        'os_parsers: []',
        'device_parsers:',
        "  - regex: 'Kindle'",
        '    regex_flag: i',
        "    device_replacement: 'Kindle'",
        '',
      ].join('\n'),
    );
    expect(parser.parseUserAgent('FooBar/3').family).toBe('Foo');
    expect(parser.parseUserAgent('baz/4')).toMatchObject({ family: 'baz', major: '4' });
    expect(parser.parseUserAgent('Foo/3').family).toBe('Other');
    expect(parser.parseDevice('KINDLE Fire').family).toBe('Kindle');
    // Non-ASCII user agents skip the case-insensitive prefilter (regex case folding differs from toLowerCase).
    expect(parser.parseDevice('kİndle').family).toBe('Other');
    expect(parser.parseUserAgent('BAZ/1 ı').family).toBe('BAZ');
  });
});
