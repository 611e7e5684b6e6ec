import { decodeBody, normaliseContentType } from './content-type';

describe('normaliseContentType', () => {
  it.each([
    ['application/json', 'application/json', undefined],
    ['application/json;charset=UTF-8', 'application/json; charset=utf-8', 'utf-8'],
    ['application/json; charset=utf-8', 'application/json; charset=utf-8', 'utf-8'],
    ['APPLICATION/JSON; CHARSET=UTF8', 'application/json; charset=utf-8', 'utf-8'],
    ['application/json; charset=foo', 'application/json', undefined],
    ['text/plain; charset=latin1', 'text/plain; charset=iso-8859-1', 'iso-8859-1'],
    ['text/plain; charset=us-ascii; format=flowed', 'text/plain; format=flowed; charset=us-ascii', 'us-ascii'],
    ['multipart/form-data; boundary="a b"', 'multipart/form-data; boundary="a b"', undefined],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', undefined],
  ])('%s → %s', (input, normalised, charset) => {
    expect(normaliseContentType(input)).toEqual({ normalised, charset });
  });

  it.each(['', 'json', 'application/', '/json', 'a/b; =x', 'a/b; k', 'a/b c', 'a/b; k="unterminated', 'a/b;; k=v'])('%j does not parse', (input) => {
    expect(normaliseContentType(input)).toBeUndefined();
  });
});

describe('decodeBody', () => {
  it('decodes with the charset, UTF-8 by default, replacing invalid bytes', () => {
    expect(decodeBody(Buffer.from([0xc3, 0xa9]), undefined)).toBe('é');
    expect(decodeBody(Buffer.from([0xe9]), 'iso-8859-1')).toBe('é');
    expect(decodeBody(Buffer.from([0x80]), 'windows-1252')).toBe('€');
    expect(decodeBody(Buffer.from([0xff, 0x41]), 'utf-8')).toBe('\ufffdA');
  });
});
