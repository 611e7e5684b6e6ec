import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIgluValidator } from './create-iglu-validator';
import { fakeClock, igluSchema, resolverConfig, tempRepo, TempRepo } from './test/schema-fixtures';
import type { IgluValidation } from './types';
import { shareEntityData } from '../model/shared-entity-data';

const BEER = 'com.acme/beer/jsonschema/1-0-0';
const beerSchema = igluSchema(BEER, {
  type: 'object',
  properties: {
    country: { type: 'string', maxLength: 10 },
    beers: { type: 'array', items: { type: 'string' } },
    abv: { type: ['number', 'null'], minimum: 0 },
  },
  required: ['country', 'beers'],
  additionalProperties: false,
});

let repo: TempRepo;
beforeEach(() => {
  repo = tempRepo();
  repo.write(BEER, beerSchema);
});
afterEach(() => repo.remove());

function validator(opts: { cacheTtl?: number | null; cacheSize?: number; now?: () => number } = {}) {
  return createIgluValidator(resolverConfig([{ name: 'local', embedded: repo.root }], opts), {
    bundledSchemasDir: false,
    now: opts.now,
  });
}

describe('IgluValidator over an embedded repository', () => {
  test('valid data resolves ok, and the cached fast path then answers synchronously', async () => {
    const v = validator();
    expect(v.validateCached(`iglu:${BEER}`, { country: 'fr', beers: [] })).toBeUndefined();
    await expect(v.validate(`iglu:${BEER}`, { country: 'fr', beers: ['a'] })).resolves.toEqual({ ok: true });
    expect(v.validateCached(`iglu:${BEER}`, { country: 'de', beers: [] })).toEqual({ ok: true });
  });

  test('shared (frozen) entity data: a valid answer is remembered per compiled schema, an invalid one never', async () => {
    let now = 0;
    const v = validator({ cacheTtl: 60, now: () => now });
    const good = shareEntityData({ country: 'fr', beers: ['a'] });
    const bad = shareEntityData({ country: 'much too long a name', beers: [] });
    await expect(v.validate(`iglu:${BEER}`, good)).resolves.toEqual({ ok: true });
    expect((await v.validate(`iglu:${BEER}`, bad)).ok).toBe(false);
    expect(v.validateCached(`iglu:${BEER}`, bad)?.ok).toBe(false);
    // The schema changes in the repository; once the cache entry expires the new schema is compiled and asked again.
    repo.write(BEER, igluSchema(BEER, { type: 'object', properties: { country: { type: 'string', maxLength: 1 } } }));
    expect(v.validateCached(`iglu:${BEER}`, good)).toEqual({ ok: true });
    now += 61_000;
    expect((await v.validate(`iglu:${BEER}`, good)).ok).toBe(false);
  });

  test('invalid data yields networknt-style data reports', async () => {
    const v = validator();
    const r = await v.validate(`iglu:${BEER}`, { country: 5, beers: ['a', 7], extra: true });
    expect(r.ok).toBe(false);
    const error = (r as Extract<IgluValidation, { ok: false }>).error;
    expect(Object.keys(error)).toEqual(['dataReports', 'error']);
    expect(error).toEqual({
      dataReports: expect.arrayContaining([
        { message: '$.country: integer found, string expected', path: '$.country', keyword: 'type', targets: ['integer', 'string'] },
        { message: '$.beers[1]: integer found, string expected', path: '$.beers[1]', keyword: 'type', targets: ['integer', 'string'] },
        {
          message: '$.extra: is not defined in the schema and the schema does not allow additional properties',
          path: '$',
          keyword: 'additionalProperties',
          targets: ['extra'],
        },
      ]),
      error: 'ValidationError',
    });
    const missing = await v.validate(`iglu:${BEER}`, { country: 'fr' });
    expect(missing).toEqual({
      ok: false,
      error: {
        dataReports: [{ message: '$.beers: is missing but it is required', path: '$', keyword: 'required', targets: ['beers'] }],
        error: 'ValidationError',
      },
    });
  });

  test('a missing schema is a ResolutionError with the lookup history, and the miss is cached', async () => {
    const clock = fakeClock();
    const v = validator({ now: clock.now });
    const uri = 'iglu:com.acme/nothing/jsonschema/1-0-0';
    const r = await v.validate(uri, {});
    expect(r).toEqual({
      ok: false,
      error: {
        error: 'ResolutionError',
        lookupHistory: [{ errors: [{ error: 'NotFound' }], attempts: 1, lastAttempt: '2026-01-02T03:04:05Z', repository: 'local' }],
      },
    });
    // The cached failure is one shared frozen value.
    expect(v.validateCached(uri, {})).toBe(v.validateCached(uri, {}));
    expect(Object.isFrozen(v.validateCached(uri, {}))).toBe(true);
    expect(v.validateCached(uri, {})).toEqual(r);
    // Key order as Snowplow serialises it.
    const history = (r as { error: { lookupHistory: object[] } }).error.lookupHistory[0]!;
    expect(Object.keys(history)).toEqual(['errors', 'attempts', 'lastAttempt', 'repository']);
  });

  test('a miss is asked again once the TTL expires, and attempts accumulate', async () => {
    const clock = fakeClock();
    const v = validator({ cacheTtl: 60, now: clock.now });
    const path = 'com.acme/later/jsonschema/1-0-0';
    await v.validate(`iglu:${path}`, {});
    clock.advance(59_000);
    expect(v.validateCached(`iglu:${path}`, {})?.ok).toBe(false);
    clock.advance(1_000);
    expect(v.validateCached(`iglu:${path}`, {})).toBeUndefined();
    const again = await v.validate(`iglu:${path}`, {});
    expect(again).toMatchObject({ error: { lookupHistory: [{ attempts: 2 }] } });
    repo.write(path, igluSchema(path, { type: 'object' }));
    clock.advance(60_000);
    await expect(v.validate(`iglu:${path}`, {})).resolves.toEqual({ ok: true });
  });

  test('lookupSchema returns a copy of the schema, or null', async () => {
    const v = validator();
    const s = await v.lookupSchema(`iglu:${BEER}`);
    expect(s).toEqual(beerSchema);
    (s as Record<string, unknown>).type = 'string';
    expect(await v.lookupSchema(`iglu:${BEER}`)).toEqual(beerSchema);
    expect(await v.lookupSchema('iglu:com.acme/none/jsonschema/1-0-0')).toBeNull();
    expect(await v.lookupSchema('not a uri')).toBeNull();
  });

  test('an invalid Iglu URI is a ResolutionError with a ClientFailure, never a throw', async () => {
    const v = validator();
    for (const uri of ['iglu:com.acme/x/jsonschema/0-0-1', 'http://x', 'iglu:../x/jsonschema/1-0-0', `iglu:${'a'.repeat(5000)}/x/jsonschema/1-0-0`]) {
      const r = await v.validate(uri, {});
      expect(r).toMatchObject({ ok: false, error: { error: 'ResolutionError', lookupHistory: [{ errors: [{ error: 'ClientFailure' }] }] } });
    }
  });

  test('$supersededBy: data is validated against the superseding version, which the result names', async () => {
    const old = 'com.acme/item/jsonschema/1-0-0';
    const next = 'com.acme/item/jsonschema/1-0-1';
    repo.write(old, igluSchema(old, { $supersededBy: '1-0-1', type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }));
    repo.write(next, igluSchema(next, { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, additionalProperties: false }));
    const v = validator();
    await expect(v.validate(`iglu:${old}`, { a: 'x', b: 1 })).resolves.toEqual({ ok: true, supersededBy: '1-0-1' });
    expect(v.validateCached(`iglu:${old}`, { b: 2 })).toEqual({ ok: true, supersededBy: '1-0-1' });
    expect(v.validateCached(`iglu:${old}`, { b: 'no' })).toEqual({
      ok: false,
      error: {
        dataReports: [{ message: '$.b: string found, integer expected', path: '$.b', keyword: 'type', targets: ['string', 'integer'] }],
        error: 'ValidationError',
        supersededBy: '1-0-1',
      },
    });
  });

  test('$supersededBy chains are followed; a backwards or malformed link is a ClientFailure', async () => {
    const p = (v: string): string => `com.acme/chain/jsonschema/${v}`;
    repo.write(p('1-0-0'), igluSchema(p('1-0-0'), { $supersededBy: '1-0-1' }));
    repo.write(p('1-0-1'), igluSchema(p('1-0-1'), { $supersededBy: '1-0-2' }));
    repo.write(p('1-0-2'), igluSchema(p('1-0-2'), { type: 'object' }));
    repo.write(p('2-0-0'), igluSchema(p('2-0-0'), { $supersededBy: '1-0-2' }));
    repo.write(p('3-0-0'), igluSchema(p('3-0-0'), { $supersededBy: 'soon' }));
    repo.write(p('4-0-0'), igluSchema(p('4-0-0'), { $supersededBy: '4-0-1' }));
    const v = validator();
    await expect(v.validate(`iglu:${p('1-0-0')}`, {})).resolves.toEqual({ ok: true, supersededBy: '1-0-2' });
    for (const bad of ['2-0-0', '3-0-0']) {
      await expect(v.validate(`iglu:${p(bad)}`, {})).resolves.toMatchObject({
        ok: false,
        error: { error: 'ResolutionError', lookupHistory: [{ errors: [{ error: 'ClientFailure', message: expect.stringContaining('$supersededBy') }] }] },
      });
    }
    await expect(v.validate(`iglu:${p('4-0-0')}`, {})).resolves.toMatchObject({
      ok: false,
      error: { error: 'ResolutionError', lookupHistory: [{ errors: [{ error: 'NotFound' }] }] },
    });
  });
});

describe('hostile and broken schemas', () => {
  const expectIssues = async (path: string, content: Record<string, unknown> | string, message: RegExp): Promise<void> => {
    repo.write(path, content);
    const r = await validator().validate(`iglu:${path}`, {});
    expect(r).toMatchObject({ ok: false, error: { error: 'ValidationError', schemaIssues: [expect.objectContaining({ message: expect.stringMatching(message) })] } });
  };

  test('malformed JSON, non-objects and missing self blocks become schemaIssues', async () => {
    await expectIssues('com.acme/broken/jsonschema/1-0-0', '{"self": {', /not valid JSON/);
    await expectIssues('com.acme/array/jsonschema/1-0-0', '[1,2]', /must be a JSON object, got array/);
    await expectIssues('com.acme/noself/jsonschema/1-0-0', { type: 'object' }, /self/);
  });

  test('a self block that names another schema is refused', async () => {
    await expectIssues('com.acme/moved/jsonschema/1-0-0', igluSchema('com.acme/other/jsonschema/1-0-0', { type: 'object' }), /self describes com.acme\/other/);
  });

  test('a schema that is not valid draft-04 is refused', async () => {
    repo.write('com.acme/bad04/jsonschema/1-0-0', igluSchema('com.acme/bad04/jsonschema/1-0-0', { type: 'objekt', minLength: -1 }));
    const r = await validator().validate('iglu:com.acme/bad04/jsonschema/1-0-0', {});
    expect(r).toMatchObject({ ok: false, error: { error: 'ValidationError', schemaIssues: expect.arrayContaining([{ path: '$.minLength', message: 'must be >= 0' }]) } });
    await expectIssues('com.acme/badref/jsonschema/1-0-0', igluSchema('com.acme/badref/jsonschema/1-0-0', { properties: { a: { $ref: '#/definitions/none' } } }), /cannot be compiled/);
  });

  test('huge schemas are refused without being read whole', async () => {
    const path = 'com.acme/huge/jsonschema/1-0-0';
    const props: Record<string, unknown> = {};
    for (let i = 0; i < 40_000; i++) props[`p${i}`] = { type: 'string', description: 'x'.repeat(20) };
    await expectIssues(path, igluSchema(path, { type: 'object', properties: props }), /exceeds 1048576 bytes/);
  });

  test('deeply nested schemas are refused, not a stack overflow', async () => {
    const path = 'com.acme/deep/jsonschema/1-0-0';
    const self = JSON.stringify(igluSchema(path, {})).slice(0, -1);
    const depth = 5000;
    const text = `${self},"type":"object","properties":{"a":${'{"type":"object","properties":{"a":'.repeat(depth)}{}${'}}'.repeat(depth)}}}`;
    await expectIssues(path, text, /nesting exceeds/);
    const moderate = `${self},"type":"object","properties":{"a":${'{"type":"object","properties":{"a":'.repeat(20)}{"type":"string"}${'}}'.repeat(20)}}}`;
    repo.write('com.acme/deep/jsonschema/1-0-1', moderate.replace('"1-0-0"', '"1-0-1"'));
    await expect(validator().validate('iglu:com.acme/deep/jsonschema/1-0-1', {})).resolves.toEqual({ ok: true });
  });

  test('remote $refs are never fetched and validate like {} (as Snowplow does)', async () => {
    const hits: string[] = [];
    const trap = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('{"type":"string"}');
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    const port = (trap.address() as AddressInfo).port;
    try {
      const path = 'com.acme/remote/jsonschema/1-0-0';
      repo.write(path, igluSchema(path, { type: 'object', properties: { a: { $ref: `http://127.0.0.1:${port}/evil#` }, b: { $ref: 'other.json' } } }));
      const v = validator();
      await expect(v.validate(`iglu:${path}`, { a: 12, b: [] })).resolves.toEqual({ ok: true });
      expect(hits).toEqual([]);
    } finally {
      trap.closeAllConnections();
      await new Promise((r) => trap.close(r));
    }
  });

  test('schemas claiming the same draft-04 id do not collide', async () => {
    const a = 'com.acme/ida/jsonschema/1-0-0';
    const b = 'com.acme/idb/jsonschema/1-0-0';
    repo.write(a, igluSchema(a, { id: 'http://example.com/same#', type: 'string' }));
    repo.write(b, igluSchema(b, { id: 'http://example.com/same#', type: 'integer' }));
    const v = validator();
    await expect(v.validate(`iglu:${a}`, 'x')).resolves.toEqual({ ok: true });
    await expect(v.validate(`iglu:${b}`, 3)).resolves.toEqual({ ok: true });
    await expect(v.validate(`iglu:${b}`, 'x')).resolves.toMatchObject({ ok: false });
  });

  test('required is satisfied only by own properties; a __proto__ key in data is harmless', async () => {
    const path = 'com.acme/proto/jsonschema/1-0-0';
    repo.write(path, `{"$schema":"${'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#'}","self":{"vendor":"com.acme","name":"proto","format":"jsonschema","version":"1-0-0"},"type":"object","properties":{"__proto__":{"type":"string"}},"required":["toString"]}`);
    const v = validator();
    await expect(v.validate(`iglu:${path}`, {})).resolves.toMatchObject({ ok: false, error: { dataReports: [{ keyword: 'required', targets: ['toString'] }] } });
    // ajv does not compile a property named __proto__ (a known ajv limitation), so its type is not checked.
    await expect(v.validate(`iglu:${path}`, JSON.parse('{"toString":"x","__proto__":5}'))).resolves.toEqual({ ok: true });
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('properties named like Object.prototype members are checked on the data only', async () => {
    const path = 'com.acme/inherited/jsonschema/1-0-0';
    repo.write(path, igluSchema(path, { type: 'object', properties: { constructor: { type: 'string' }, valueOf: { type: 'integer' } } }));
    const v = validator();
    await expect(v.validate(`iglu:${path}`, {})).resolves.toEqual({ ok: true });
    await expect(v.validate(`iglu:${path}`, { constructor: 'x', valueOf: 1 })).resolves.toEqual({ ok: true });
    await expect(v.validate(`iglu:${path}`, { constructor: 1 })).resolves.toMatchObject({ ok: false, error: { dataReports: [{ path: '$.constructor' }] } });
  });

  test('huge invalid data yields a bounded number of reports', async () => {
    const v = validator();
    const r = await v.validate(`iglu:${BEER}`, { country: 'fr', beers: Array.from({ length: 50_000 }, (_, i) => i) });
    expect(r).toMatchObject({ ok: false });
    expect((r as { error: { dataReports: unknown[] } }).error.dataReports).toHaveLength(100);
  });

  test('the cache is bounded by cacheSize (least recently used evicted)', async () => {
    const v = validator({ cacheSize: 2 });
    for (const n of ['a', 'b']) repo.write(`com.acme/${n}/jsonschema/1-0-0`, igluSchema(`com.acme/${n}/jsonschema/1-0-0`, {}));
    await v.validate('iglu:com.acme/a/jsonschema/1-0-0', {});
    await v.validate('iglu:com.acme/b/jsonschema/1-0-0', {});
    expect(v.validateCached('iglu:com.acme/a/jsonschema/1-0-0', {})).toEqual({ ok: true });
    await v.validate(`iglu:${BEER}`, {});
    expect(v.validateCached('iglu:com.acme/a/jsonschema/1-0-0', {})).toEqual({ ok: true });
    expect(v.validateCached('iglu:com.acme/b/jsonschema/1-0-0', {})).toBeUndefined();
  });

  test('cacheSize 0 disables caching but validation still works', async () => {
    const v = validator({ cacheSize: 0 });
    await expect(v.validate(`iglu:${BEER}`, { country: 'x', beers: [] })).resolves.toEqual({ ok: true });
    expect(v.validateCached(`iglu:${BEER}`, {})).toBeUndefined();
  });
});
