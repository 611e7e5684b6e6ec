import { createSchemaEngine } from './ajv-setup';
import { toDataReports, toJsonPath } from './error-report';

const engine = createSchemaEngine();
function reports(schema: object, data: unknown) {
  const v = engine.ajv.compile(schema);
  expect(v(data)).toBe(false);
  return toDataReports(v.errors, data, 100);
}

describe('networknt-style data reports', () => {
  test('JSON paths: dots for keys, brackets for array indexes', () => {
    const data = { a: [{ 'b/c': [0, { d: 1 }] }] };
    expect(toJsonPath('', data)).toBe('$');
    expect(toJsonPath('/a/0/b~1c/1/d', data)).toBe('$.a[0].b/c[1].d');
    expect(toJsonPath('/x/0', { x: { 0: 1 } })).toBe('$.x.0');
  });

  test('required: parent path, child in the message, missing key as target', () => {
    expect(reports({ properties: { o: { required: ['k'] } } }, { o: {} })).toEqual([
      { message: '$.o.k: is missing but it is required', path: '$.o', keyword: 'required', targets: ['k'] },
    ]);
  });

  test('type: found and expected, union types listed', () => {
    expect(reports({ properties: { a: { type: ['string', 'null'] }, b: { type: 'integer' }, c: { type: 'object' } } }, { a: 1.5, b: 2.5, c: [] })).toEqual([
      { message: '$.a: number found, [string, null] expected', path: '$.a', keyword: 'type', targets: ['number', '[string, null]'] },
      { message: '$.b: number found, integer expected', path: '$.b', keyword: 'type', targets: ['number', 'integer'] },
      { message: '$.c: array found, object expected', path: '$.c', keyword: 'type', targets: ['array', 'object'] },
    ]);
  });

  test('other keywords keep their keyword and limits as targets', () => {
    const schema = {
      properties: {
        e: { enum: ['x', 1] },
        s: { type: 'string', maxLength: 2, pattern: '^a' },
        n: { maximum: 10, exclusiveMaximum: true, multipleOf: 3 },
        arr: { type: 'array', minItems: 3, uniqueItems: true },
        d: { format: 'date-time' },
      },
    };
    const r = reports(schema, { e: 'y', s: 'bbb', n: 10, arr: [1, 1], d: '2024-01-01' });
    expect(r).toEqual([
      { message: '$.e: does not have a value in the enumeration [x, 1]', path: '$.e', keyword: 'enum', targets: ['[x, 1]'] },
      { message: '$.s: may only be 2 characters long', path: '$.s', keyword: 'maxLength', targets: ['2'] },
      { message: '$.s: does not match the regex pattern ^a', path: '$.s', keyword: 'pattern', targets: ['^a'] },
      { message: '$.n: must have an exclusive maximum value of 10', path: '$.n', keyword: 'maximum', targets: ['10'] },
      { message: '$.n: must be multiple of 3', path: '$.n', keyword: 'multipleOf', targets: ['3'] },
      { message: '$.arr: there must be a minimum of 3 items in the array', path: '$.arr', keyword: 'minItems', targets: ['3'] },
      { message: '$.arr: the items in the array must be unique', path: '$.arr', keyword: 'uniqueItems', targets: [] },
      { message: '$.d: does not match the date-time pattern', path: '$.d', keyword: 'format', targets: ['date-time'] },
    ]);
  });

  test('the number of reports is capped', () => {
    const v = engine.ajv.compile({ items: { type: 'string' } });
    const data = Array.from({ length: 500 }, () => 1);
    v(data);
    expect(toDataReports(v.errors, data, 10)).toHaveLength(10);
  });
});
