import { parseJavaUri } from './java-uri';
import { explodeUri, lenientEncode, stringToUri } from './page-uri';

const ok = (s: string) => {
  const r = parseJavaUri(s);
  if (!r.ok) throw new Error(r.error);
  return r.uri;
};

describe('java.net.URI acceptance', () => {
  it.each([
    ['http://a.test/p?q=1#f', 'http', 'a.test', -1, '/p', 'q=1', 'f'],
    ['https://u:p@a.test:8443/x%20y', 'https', 'a.test', 8443, '/x%20y', null, null],
    ['http://[2001:db8::1]:80/', 'http', '[2001:db8::1]', 80, '/', null, null],
    ['http://10.0.0.1/', 'http', '10.0.0.1', -1, '/', null, null],
    ['http://my_host/x', 'http', null, -1, '/x', null, null],
    ['http://1.2.3.4.5/', 'http', null, -1, '/', null, null],
    ['http://a.test:/x', 'http', 'a.test', -1, '/x', null, null],
    ['relative/path?x', null, null, -1, 'relative/path', 'x', null],
    ['http://a.test/é?ü=1', 'http', 'a.test', -1, '/é', 'ü=1', null],
    ['http://a.test/?a=[1]', 'http', 'a.test', -1, '/', 'a=[1]', null],
  ])('%s', (text, scheme, host, port, path, query, fragment) => {
    const u = ok(text);
    expect([u.scheme, u.host, u.port, u.rawPath, u.rawQuery, u.rawFragment]).toEqual([scheme, host, port, path, query, fragment]);
  });

  it('opaque URIs have no path', () => {
    expect(ok('mailto:a@b.test')).toMatchObject({ scheme: 'mailto', host: null, rawPath: null });
  });

  it.each([
    ['http://a.test/a b', 'Illegal character in path at index 15: http://a.test/a b'],
    ['http://a.test/?q=%zz', 'Malformed escape pair at index 17: http://a.test/?q=%zz'],
    ['http://a.test/#a#b', 'Illegal character in fragment at index 16: http://a.test/#a#b'],
    ['1http://x', 'Illegal character in scheme name at index 0: 1http://x'],
    ['://x', 'Expected scheme name at index 0: ://x'],
    ['http://', 'Expected authority at index 7: http://'],
    ['http://a.test/|', 'Illegal character in path at index 14: http://a.test/|'],
    ['http://a.test/\u0080', 'Illegal character in path at index 14: http://a.test/\u0080'],
    ['http://a.test/x\u00a0', 'Illegal character in path at index 15: http://a.test/x\u00a0'],
  ])('rejects %s', (text, message) => {
    expect(parseJavaUri(text)).toEqual({ ok: false, error: message });
  });
});

describe('page URI handling (§2.6)', () => {
  it('replaces spaces by %20 before parsing', () => {
    const r = stringToUri('http://a.test/a b');
    expect(r.ok && r.uri.text).toBe('http://a.test/a%20b');
  });
  it('falls back to lenient re-encoding', () => {
    expect(lenientEncode('http://a.test/a|b?x=%zz#f#g{')).toBe('http://a.test/a%7Cb?x=%25zz#f%23g%7B');
    const r = stringToUri('http://a.test/{x}');
    expect(r.ok && r.uri.text).toBe('http://a.test/%7Bx%7D');
  });
  it('fails with both messages when neither parser accepts', () => {
    const r = stringToUri('9x://a');
    expect(r).toEqual({
      ok: false,
      error:
        'Provided URI [9x://a] could not be parsed, neither by Java parsing (error: [Illegal character in scheme name at index 0: 9x://a]) ' +
        'nor by Scala parsing (error: [Illegal character in scheme name at index 0: 9x://a]).',
    });
  });
  it('ports default to 443 only for https', () => {
    const port = (s: string) => (stringToUri(s) as { uri: Parameters<typeof explodeUri>[0] }).uri;
    expect(explodeUri(port('https://a.test/')).port).toBe('443');
    expect(explodeUri(port('HTTPS://a.test/')).port).toBe('80');
    expect(explodeUri(port('file:///etc/x')).port).toBe('80');
    expect(explodeUri(port('http://a.test:81/')).port).toBe('81');
  });
  it('empty components are null', () => {
    const u = (stringToUri('http://a.test?') as { uri: Parameters<typeof explodeUri>[0] }).uri;
    expect(explodeUri(u)).toEqual({ scheme: 'http', host: 'a.test', port: '80', path: null, query: null, fragment: null });
  });
});

describe('the fast http(s) path agrees with the full parser', () => {
  const { parseJavaUriFully } = jest.requireActual<typeof import('./java-uri')>('./java-uri');
  it.each([
    'http://a.test',
    'https://www.example.com/a/b?x=1&y=%20z#top',
    'http://a.test:8080/p;x=1?q=[1]#f?g/',
    'https://a-b.c-d.test/%7e/?',
    'http://localhost/',
    'http://a.test/#',
    'https://3com.test/x',
    'http://a.test/a%zz',
    'http://a.test/a b',
    'http://a_b.test/',
    'http://1.2.3.4/',
    'http://a.test:/',
    'http://a.test/x#a#b',
    'http://-a.test/',
    'http://a.test./',
    'https://user@a.test/',
    'http://a.test/é',
  ])('%s', (text) => {
    expect(parseJavaUri(text)).toEqual(parseJavaUriFully(text));
  });
});
