import { compareSchemaVer, parseSchemaKey, parseSchemaVer, schemaKeyUri } from './schema-key';

describe('schema keys', () => {
  test('parses Iglu URIs', () => {
    expect(parseSchemaKey('iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0')).toEqual({
      vendor: 'com.snowplowanalytics.snowplow',
      name: 'web_page',
      format: 'jsonschema',
      version: { model: 1, revision: 0, addition: 0 },
    });
    expect(schemaKeyUri(parseSchemaKey('iglu:com.google.tag-manager.server-side/x/jsonschema/10-2-33') as never)).toBe(
      'iglu:com.google.tag-manager.server-side/x/jsonschema/10-2-33',
    );
  });

  test.each([
    ['iglu:com.acme/x/jsonschema/0-1-0', 'INVALID_SCHEMAVER'],
    ['iglu:com.acme/x/jsonschema/1-01-0', 'INVALID_SCHEMAVER'],
    ['iglu:com.acme/x/jsonschema/1-0', 'INVALID_IGLUURI'],
    ['iglu:com.acme/x/jsonschema/1-?-?', 'INVALID_IGLUURI'],
    ['com.acme/x/jsonschema/1-0-0', 'INVALID_IGLUURI'],
    ['iglu:com acme/x/jsonschema/1-0-0', 'INVALID_IGLUURI'],
    ['iglu:../x/jsonschema/1-0-0', 'INVALID_IGLUURI'],
    ['iglu:com.acme/x.y/jsonschema/1-0-0', 'INVALID_IGLUURI'],
    [`iglu:${'a'.repeat(300)}/x/jsonschema/1-0-0`, 'INVALID_IGLUURI'],
    ['iglu:com.acme/x/jsonschema/99999999999999999999-0-0', 'INVALID_SCHEMAVER'],
  ])('refuses %s (%s)', (uri, code) => {
    expect(parseSchemaKey(uri)).toBe(code);
  });

  test('SchemaVer order is numeric', () => {
    const v = (s: string) => parseSchemaVer(s)!;
    expect(compareSchemaVer(v('1-0-10'), v('1-0-9'))).toBeGreaterThan(0);
    expect(compareSchemaVer(v('1-1-0'), v('1-0-99'))).toBeGreaterThan(0);
    expect(compareSchemaVer(v('2-0-0'), v('2-0-0'))).toBe(0);
  });
});
