import { LosslessNumber, parse } from 'lossless-json';
import { compileJsonPath, JsonPathError, locate } from './pii-json-path';

const doc = {
  email: 'a@example.com',
  data: { email: 'b@example.com', ip_opt: '1.2.3.4', n: 5, merges: { FNAME: 'Ann', LNAME: 'Lee' } },
  list: [{ email: 'c@x' }, { email: 'd@x' }, { other: 1 }],
  tags: ['t1', 't2', 't3'],
  "we'ird": 'w',
};

const values = (path: string, root: unknown = doc) =>
  locate(compileJsonPath(path), root).map(({ parent, key }) => (parent as Record<string | number, unknown>)[key]);

describe('PII JSONPath subset', () => {
  test.each([
    ['$.email', ['a@example.com']],
    ['$.data.email', ['b@example.com']],
    ["$.data.['email', 'ip_opt']", ['b@example.com', '1.2.3.4']],
    ["$['data']['email']", ['b@example.com']],
    ['$["data"]["ip_opt"]', ['1.2.3.4']],
    ['$.data.merges.*', ['Ann', 'Lee']],
    ['$.list[*].email', ['c@x', 'd@x']],
    ['$.list[0].email', ['c@x']],
    ['$.list[-2].email', ['d@x']],
    ['$.tags[0,2]', ['t1', 't3']],
    ['$.tags[1:]', ['t2', 't3']],
    ['$.tags[:-1]', ['t1', 't2']],
    ['$..email', ['a@example.com', 'b@example.com', 'c@x', 'd@x']],
    ["$['we\\'ird']", ['w']],
    ['$.missing', []],
    ['$.missing.deeper[0]', []],
    ['$.email.length', []],
    ['$.tags', [['t1', 't2', 't3']]],
  ])('%s', (path, expected) => {
    expect(values(path)).toEqual(expected);
  });

  test('lossless numbers are leaves', () => {
    const root = parse('{"a":{"value":"x"},"n":1.50}');
    expect(values('$..value', root)).toEqual(['x']);
    expect(values('$.n', root)).toEqual([new LosslessNumber('1.50')]);
  });

  test.each([
    ['email', /must start with \$/],
    ['$.a[?(@.b == 1)]', /filter and script expressions are not supported/],
    ['$.a[(@.length-1)]', /not supported/],
    ['$.a[', /unclosed \[/],
    ['$.a[foo]', /unsupported selector/],
    ["$['a' 'b']", /invalid quoted property list/],
    ['$.', /expected a property name/],
    ['$a', /unexpected "a"/],
  ])('%s is refused', (path, message) => {
    expect(() => compileJsonPath(path)).toThrow(JsonPathError);
    expect(() => compileJsonPath(path)).toThrow(message);
  });

  test('deep nesting is bounded by the data, not the path', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    expect(values('$..a', deep)).toHaveLength(1000);
  });
});
