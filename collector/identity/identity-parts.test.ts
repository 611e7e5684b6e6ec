import { parseOriginHeader, allowOriginValue } from '../http/origin';
import { bounceQuery } from './cookie-bounce';
import { chooseCookieDomain, domainMatches } from './cookie-domain';
import { firstQueryParam, isUuid } from './network-user-id';
import { findCookie, sanitizeCookieHeader } from './request-cookies';

describe('RFC 6265 sanitising of the stored Cookie header', () => {
  it.each([
    ['cookie=value; sp=c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1e', 'cookie=value;sp=c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1e'],
    ['name = value', 'name=value'],
    ['a=1; {"key": "value"}; b=2', 'a=1;b=2'],
    ['a="quoted"; b=2', 'b=2'],
    ['a=1,2; b=\\x', undefined],
    ['{"key": "value"}', undefined],
    ['a=é', undefined],
    [';;a=1;', 'a=1'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeCookieHeader(input)).toBe(output);
  });

  it('finds the first cookie with a name', () => {
    expect(findCookie('a=1; sp=x; sp=y', 'sp')).toBe('x');
    expect(findCookie('xsp=1; sp =2', 'sp')).toBe('2');
    expect(findCookie('sp', 'sp')).toBeUndefined();
    expect(findCookie(undefined, 'sp')).toBeUndefined();
  });
});

describe('origins and cookie domains', () => {
  it('parses Origin strictly and echoes the first origin, else *', () => {
    expect(allowOriginValue(parseOriginHeader('https://www.shop.example'))).toBe('https://www.shop.example');
    expect(allowOriginValue(parseOriginHeader('http://localhost:3000 https://b.example'))).toBe('http://localhost:3000');
    expect(allowOriginValue(parseOriginHeader('null'))).toBe('*');
    expect(allowOriginValue(parseOriginHeader(undefined))).toBe('*');
    for (const hostile of ['https://a.example\r\nX: 1', 'https://a.example/path', 'javascript:alert(1)', 'https://a.example:99999x', '"https://a.example"', 'https://a.example, https://b.example']) {
      expect([hostile, allowOriginValue(parseOriginHeader(hostile))]).toEqual([hostile, '*']);
    }
  });

  it('matches a domain or its subdomains only (Snowplow validMatch)', () => {
    expect(domainMatches('blog.snplow.com.snplow.com', 'snplow.com')).toBe(true);
    expect(domainMatches('notsnplow.com', 'snplow.com')).toBe(false);
    expect(domainMatches('blog.snplow.comsnplow.com', 'snplow.com')).toBe(false);
    expect(domainMatches('snplow.com', 'snplow.com')).toBe(true);
    expect(domainMatches('SNPLOW.com', 'snplow.com')).toBe(false);
  });

  it('prefers configured order over origin order, then the fallback', () => {
    const origins = parseOriginHeader('http://x.b.example http://a.example');
    expect(chooseCookieDomain(origins, ['a.example', 'b.example'], null)).toBe('a.example');
    expect(chooseCookieDomain(origins, ['c.example'], 'fb.example')).toBe('fb.example');
    expect(chooseCookieDomain(undefined, ['a.example'], null)).toBeUndefined();
  });
});

describe('query helpers', () => {
  it('reads the first value of a parameter, form-decoded, only at parameter boundaries', () => {
    expect(firstQueryParam('tnuid=a&nuid=b&nuid=c', 'nuid')).toBe('b');
    expect(firstQueryParam('u=https%3A%2F%2Fa.b%2F%3Fq%3D1+2', 'u')).toBe('https://a.b/?q=1 2');
    expect(firstQueryParam('u=%E0%A4', 'u')).toBeUndefined();
    expect(firstQueryParam('x=1', 'u')).toBeUndefined();
    expect(isUuid('C9D0CAE4-5A5E-4C4B-9D6F-0B8D8A3B2F1E')).toBe(true);
    expect(isUuid('c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1')).toBe(false);
  });

  it('rebuilds a bounce query like http4s', () => {
    expect(bounceQuery('u=http%3A%2F%2Fa.com&q=a+b', 'n3pc')).toBe('u=http%3A//a.com&q=a%20b&n3pc=true');
    expect(bounceQuery('n3pc=false&flag&x=(1)', 'n3pc')).toBe('flag&x=%281%29&n3pc=true');
    expect(bounceQuery('', 'n3pc')).toBe('n3pc=true');
  });
});
