import { parseRequestTarget } from './request-target';
import { createRouter } from './routes';

describe('parseRequestTarget', () => {
  it('splits path and raw query without decoding', () => {
    expect(parseRequestTarget('/i?e=pv&url=https%3A%2F%2Fa.b%2F&x=a+b')).toEqual({ path: '/i', query: 'e=pv&url=https%3A%2F%2Fa.b%2F&x=a+b', authority: undefined });
    expect(parseRequestTarget('/com.acme/v1')).toEqual({ path: '/com.acme/v1', query: '', authority: undefined });
    expect(parseRequestTarget('/i?a=1?b=/c')).toEqual({ path: '/i', query: 'a=1?b=/c', authority: undefined });
    expect(parseRequestTarget('http://c.example:8080/i?e=pv')).toEqual({ path: '/i', query: 'e=pv', authority: 'c.example:8080' });
    expect(parseRequestTarget('http://c.example')).toEqual({ path: '/', query: '', authority: 'c.example' });
  });

  it.each(['/i?a=|', '/i?a={x}', '/i?a=[1]', '/i?a="', '/i?a=^', '/i?a=`', '/i?a=\\', '/i?a=%', '/i?a=%g1', '/i#frag', '/i?a=\u00e9', '/i?a=\u0000', 'i?a=1', 'ftp://x/i'])('refuses %j', (url) => {
    expect(parseRequestTarget(url)).toBeUndefined();
  });
});

describe('route matching (spec §1.1)', () => {
  const route = createRouter({ enableDefaultRedirect: false, paths: { '/com.acme/track': '/com.snowplowanalytics.snowplow/tp2' }, rootEnabled: false, crossDomainEnabled: false, metricsPath: null });
  it.each([
    ['OPTIONS', '/r/tp2', 'redirects-disabled'],
    ['GET', '/r/x', 'redirects-disabled'],
    ['OPTIONS', '/anything/at/all', 'preflight'],
    ['GET', '/a/b', 'tracking'],
    ['HEAD', '/a/b', 'tracking'],
    ['POST', '/a/b', 'tracking'],
    ['GET', '/i', 'tracking'],
    ['HEAD', '/ice.png', 'tracking'],
    ['POST', '/i', 'not-found'],
    ['PUT', '/a/b', 'not-found'],
    ['GET', '/a/b/', 'not-found'],
    ['GET', '//b', 'not-found'],
    ['GET', '/a//', 'not-found'],
    ['GET', '/health', 'health'],
    ['HEAD', '/health', 'not-found'],
    ['GET', '/', 'not-found'],
    ['GET', '/r/tp2/x', 'not-found'],
  ])('%s %s → %s', (method, path, kind) => {
    expect(route(method, path).kind).toBe(kind);
  });

  it('maps custom paths and labels redirects by the mapped path', () => {
    const withRedirect = createRouter({ enableDefaultRedirect: true, paths: { '/com.acme/go': '/r/tp2' }, rootEnabled: false, crossDomainEnabled: false, metricsPath: null });
    expect(withRedirect('GET', '/com.acme/go')).toEqual({ kind: 'tracking', path: '/r/tp2', pixelExpected: true, redirect: true, label: 'redirect' });
    expect(route('POST', '/com.acme/track')).toEqual({ kind: 'tracking', path: '/com.snowplowanalytics.snowplow/tp2', pixelExpected: false, redirect: false, label: 'vendor-post' });
  });
});
