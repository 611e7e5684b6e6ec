import { createHash } from 'node:crypto';
import { parse, stringify } from 'lossless-json';
import { emptyEnrichedEvent, EnrichedEvent } from '../model/enriched-event';
import type { SelfDescribingJson } from '../model/self-describing';
import { EnrichmentConfigError } from './enrichment';
import { testFactoryContext, testInput } from './enrichments-2-test-support';
import { parsePiiConfig, piiFactory, piiHasher } from './pii';

const SALT = 'pepper-2024';
const sha256 = (v: string) => createHash('sha256').update(v + SALT, 'utf8').digest('hex');
const SCHEMA = 'iglu:com.snowplowanalytics.snowplow.enrichments/pii_enrichment_config/jsonschema/2-0-1';

const CONFIG = {
  pii: [
    { pojo: { field: 'user_id' } },
    { pojo: { field: 'user_ipaddress' } },
    { pojo: { field: 'user_fingerprint' } },
    { pojo: { field: 'domain_userid' } },
    { pojo: { field: 'network_userid' } },
    { pojo: { field: 'refr_domain_userid' } },
    { pojo: { field: 'mkt_clickid' } },
    { json: { field: 'unstruct_event', schemaCriterion: 'iglu:com.mailchimp/subscribe/jsonschema/1-*-*', jsonPath: "$.data.['email', 'ip_opt']" } },
    { json: { field: 'contexts', schemaCriterion: 'iglu:com.acme/customer/jsonschema/1-0-*', jsonPath: '$.emails' } },
    { json: { field: 'contexts', schemaCriterion: 'iglu:com.acme/customer/jsonschema/1-0-*', jsonPath: '$.phone' } },
    { json: { field: 'derived_contexts', schemaCriterion: 'iglu:org.ietf/http_cookie/jsonschema/1-*-*', jsonPath: '$.value' } },
  ],
  strategy: { pseudonymize: { hashFunction: 'SHA-256', salt: SALT } },
};

const ORIGINALS = {
  user_id: 'jane.doe@example.com',
  user_ipaddress: '10.0.2.x',
  user_fingerprint: '3947562983',
  domain_userid: 'c0b1c5a3-duid',
  network_userid: 'e7a5e8c2-nuid',
  refr_domain_userid: 'f00dfeed-refr',
  mkt_clickid: 'Cj0KCQjw-gclid',
};

function buildEvent(): EnrichedEvent {
  const e = emptyEnrichedEvent();
  Object.assign(e, ORIGINALS);
  e.se_label = 'kept label';
  e.unstruct_event = {
    schema: 'iglu:com.mailchimp/subscribe/jsonschema/1-0-0',
    data: parse('{"type":"subscribe","data":{"email":"sub.scriber@example.org","ip_opt":"198.51.100.7","merges":{"FNAME":"Sub"},"web_id":"123"},"amount":1.50}'),
  };
  e.contexts = [
    { schema: 'iglu:com.acme/customer/jsonschema/1-0-2', data: parse('{"emails":["one@acme.io","two@acme.io",7],"phone":"+44 20 7946 0000","age":42}') },
    { schema: 'iglu:com.acme/customer/jsonschema/2-0-0', data: { emails: ['untouched@v2.io'] } },
    { schema: 'iglu:com.acme/other/jsonschema/1-0-0', data: { phone: 'other-phone' } },
  ];
  e.derived_contexts = [{ schema: 'iglu:org.ietf/http_cookie/jsonschema/1-0-0', data: { name: 'sp', value: 'cookie-secret-value' } }];
  return e;
}

describe('pii_enrichment_config (spec/enrich.md §4.8)', () => {
  test('atomic fields: sha256(value + salt), computed independently with node:crypto', async () => {
    const enrichment = await piiFactory.create(CONFIG, testFactoryContext('f', {}, { enabled: true, emitEvent: false, parameters: CONFIG }), SCHEMA);
    expect(enrichment.slot).toBe('pii');
    const e = buildEvent();
    expect(enrichment.enrich(testInput(e))).toBeUndefined();
    for (const [field, original] of Object.entries(ORIGINALS)) {
      expect(e[field as keyof typeof ORIGINALS]).toBe(sha256(original));
    }
    expect(e.se_label).toBe('kept label');
  });

  test('Enrich’s own black-box vector: SHA-1 of user_ipaddress with salt pepper123', async () => {
    const config = { pii: [{ pojo: { field: 'user_id' } }, { pojo: { field: 'user_ipaddress' } }], strategy: { pseudonymize: { hashFunction: 'SHA-1', salt: 'pepper123' } } };
    const enrichment = await piiFactory.create(config, testFactoryContext('f', {}, { emitEvent: true, parameters: config }), SCHEMA);
    const e = emptyEnrichedEvent();
    e.user_ipaddress = '37.228.225.32';
    enrichment.enrich(testInput(e));
    expect(e.user_ipaddress).toBe('9e78f7282f027de55ec5c67aac71ae58cd78e203');
    expect(e.user_id).toBeNull();
  });

  test('JSON paths: matching strings (and strings in arrays) hashed; numbers, other schemas and versions untouched', async () => {
    const enrichment = await piiFactory.create(CONFIG, testFactoryContext(), SCHEMA);
    const e = buildEvent();
    enrichment.enrich(testInput(e));
    expect(stringify(e.unstruct_event)).toBe(
      `{"schema":"iglu:com.mailchimp/subscribe/jsonschema/1-0-0","data":{"type":"subscribe","data":{"email":"${sha256('sub.scriber@example.org')}","ip_opt":"${sha256('198.51.100.7')}","merges":{"FNAME":"Sub"},"web_id":"123"},"amount":1.50}}`,
    );
    expect(stringify(e.contexts[0].data)).toBe(
      `{"emails":["${sha256('one@acme.io')}","${sha256('two@acme.io')}",7],"phone":"${sha256('+44 20 7946 0000')}","age":42}`,
    );
    expect(e.contexts[1].data).toEqual({ emails: ['untouched@v2.io'] });
    expect(e.contexts[2].data).toEqual({ phone: 'other-phone' });
    expect(e.derived_contexts[0].data).toEqual({ name: 'sp', value: sha256('cookie-secret-value') });
  });

  test('nothing of an original value remains anywhere in the serialised event', async () => {
    const enrichment = await piiFactory.create(CONFIG, testFactoryContext(), SCHEMA);
    const e = buildEvent();
    enrichment.enrich(testInput(e));
    const serialised = stringify(e) ?? '';
    const secrets = [
      ...Object.values(ORIGINALS),
      'sub.scriber@example.org',
      '198.51.100.7',
      'one@acme.io',
      'two@acme.io',
      '+44 20 7946 0000',
      'cookie-secret-value',
    ];
    for (const secret of secrets) {
      expect(serialised).not.toContain(secret);
      // Nor a recognisable fragment of it.
      expect(serialised).not.toContain(secret.slice(0, Math.max(6, Math.floor(secret.length / 2))));
    }
    expect(serialised).toContain('untouched@v2.io');
  });

  test('entities shared with earlier steps (e.g. an enrichment cache) are copied, not modified', async () => {
    const enrichment = await piiFactory.create(CONFIG, testFactoryContext(), SCHEMA);
    const shared: SelfDescribingJson = { schema: 'iglu:org.ietf/http_cookie/jsonschema/1-0-0', data: { name: 'sp', value: 'abc' } };
    const e = emptyEnrichedEvent();
    e.derived_contexts = [shared];
    enrichment.enrich(testInput(e));
    expect(shared.data).toEqual({ name: 'sp', value: 'abc' });
    expect(e.derived_contexts[0]).not.toBe(shared);
    expect(e.derived_contexts[0].data).toEqual({ name: 'sp', value: sha256('abc') });
  });

  test('missing fields are never added', async () => {
    const enrichment = await piiFactory.create(CONFIG, testFactoryContext(), SCHEMA);
    const e = emptyEnrichedEvent();
    e.contexts = [{ schema: 'iglu:com.acme/customer/jsonschema/1-0-0', data: { age: 3 } }];
    enrichment.enrich(testInput(e));
    expect(e.user_id).toBeNull();
    expect(e.unstruct_event).toBeNull();
    expect(e.contexts[0].data).toEqual({ age: 3 });
  });

  test.each([
    ['MD2', null],
    ['MD5', 'md5'],
    ['SHA-1', 'sha1'],
    ['SHA-256', 'sha256'],
    ['SHA-384', 'sha384'],
    ['SHA-512', 'sha512'],
  ] as const)('%s with salt', (fn, nodeName) => {
    const hash = piiHasher(fn, 'salt');
    if (nodeName === null) {
      // RFC 1319 test vector: MD2("abc") with the salt appended is MD2("abcsalt"); check the unsalted vector directly.
      expect(piiHasher('MD2', '')('abc')).toBe('da853b0d3f88d99b30283a69e6ded6bb');
      expect(piiHasher('MD2', '')('')).toBe('8350e5a3e24c153df2275c9f80692773');
      expect(hash('abc')).toBe(piiHasher('MD2', '')('abcsalt'));
    } else {
      expect(hash('jane@example.com')).toBe(createHash(nodeName).update('jane@example.comsalt').digest('hex'));
    }
  });

  test('anonymousOnly: pseudonymise only when an SP-Anonymous header is present', async () => {
    const enrichment = await piiFactory.create(CONFIG, testFactoryContext('f', {}, { anonymousOnly: true, emitEvent: false, parameters: CONFIG }), SCHEMA);
    const identified = buildEvent();
    enrichment.enrich(testInput(identified, { headers: ['Host: c.example.com'] }));
    expect(identified.user_id).toBe(ORIGINALS.user_id);
    const anonymous = buildEvent();
    enrichment.enrich(testInput(anonymous, { headers: ['Host: c.example.com', 'sp-anonymous: *'] }));
    expect(anonymous.user_id).toBe(sha256(ORIGINALS.user_id));
  });

  test('hostile values: huge, deeply nested, non-string — never throw', async () => {
    const enrichment = await piiFactory.create(
      { ...CONFIG, pii: [...CONFIG.pii, { json: { field: 'contexts', schemaCriterion: 'iglu:com.acme/deep/jsonschema/1-*-*', jsonPath: '$..x' } }] },
      testFactoryContext(),
      SCHEMA,
    );
    let deep: unknown = { x: 'secret-deep' };
    for (let i = 0; i < 500; i++) deep = { n: deep, x: i };
    const e = emptyEnrichedEvent();
    e.user_id = 'u'.repeat(1_000_000);
    e.contexts = [
      { schema: 'iglu:com.acme/deep/jsonschema/1-0-0', data: deep },
      { schema: 'not an iglu uri', data: null },
      { schema: 'iglu:com.acme/customer/jsonschema/1-0-0', data: 'a string, not an object' },
    ];
    expect(() => enrichment.enrich(testInput(e))).not.toThrow();
    expect(e.user_id).toBe(sha256('u'.repeat(1_000_000)));
    expect(stringify(e.contexts)).not.toContain('secret-deep');
  });
});

/**
 * The situations of Enrich's PiiPseudonymizerEnrichmentSpec (Apache-2.0 era), with the SHA-256 + `pepper123` digests
 * it expects, rebuilt on Sleet's event model.
 */
describe('pii: Enrich’s JSON cases', () => {
  const D = {
    jim: '72f323d5359eabefc69836369e4cabc6257c43ab6419b05dfb2211d0e44284c6',
    bob: '1c6660411341411d5431669699149283d10e070224be4339d52bbc4b007e78c5',
    tim: '09e4160b10703767dcb28d834c1905a182af0f828d6d3512dd07d466c283c840',
    ip: '269c433d0cc00395e3bc5fe7f06c5ad822096a38bec2d8a005367b52c0dfb428',
    hello: 'b62f3a2475ac957009088f9b8ab77ceb7b4ed7c5a6fd920daa204a1953334acb',
    world: '8ad32723b7435cbf535025e519cc94dbf1568e17ced2aeb4b9e7941f6346d7d0',
    empty: '7a3477dad66e666bd203b834c54b6dfe8b546bdbc5283462ad14052abfb06600',
  };
  const event = (): EnrichedEvent => {
    const e = emptyEnrichedEvent();
    e.contexts = [
      { schema: 'iglu:com.acme/email_sent/jsonschema/1-0-0', data: { emailAddress: 'jim@acme.com', emailAddress2: 'bob@acme.com' } },
      {
        schema: 'iglu:com.acme/email_sent/jsonschema/1-1-0',
        data: parse(
          '{"emailAddress":"tim@acme.com","emailAddress2":"tom@acme.com","schema":"iglu:com.acme/email_sent/jsonschema/1-0-0","data":{"emailAddress":"jim@acme.com","emailAddress2":"bob@acme.com"},"someInt":1}',
        ),
      },
      { schema: 'iglu:com.test/array/jsonschema/1-0-0', data: { field: ['hello', 'world'], field2: null, field3: null, field4: '' } },
    ];
    e.unstruct_event = { schema: 'iglu:com.mailgun/message_clicked/jsonschema/1-0-0', data: { ip: '50.56.129.169', myVar2: 'awesome' } };
    return e;
  };
  const json = (field: string, schemaCriterion: string, jsonPath: string) => ({ json: { field, schemaCriterion, jsonPath } });
  async function run(pii: unknown[]): Promise<EnrichedEvent> {
    const config = { pii, strategy: { pseudonymize: { hashFunction: 'SHA-256', salt: 'pepper123' } } };
    const enrichment = await piiFactory.create(config, testFactoryContext(), SCHEMA);
    const e = event();
    enrichment.enrich(testInput(e));
    return e;
  }
  const data = (e: EnrichedEvent, i: number) => JSON.parse(stringify(e.contexts[i].data) ?? 'null');

  test('criteria, nested paths, arrays, nulls and empty strings', async () => {
    const e = await run([
      json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-0-*', '$.emailAddress'),
      json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-1-0', '$.data.emailAddress2'),
      json('contexts', 'iglu:com.test/array/jsonschema/1-0-0', '$.field'),
      json('contexts', 'iglu:com.test/array/jsonschema/1-0-0', '$.field2'),
      json('contexts', 'iglu:com.test/array/jsonschema/1-0-0', '$.field3.a'),
      json('contexts', 'iglu:com.test/array/jsonschema/1-0-0', '$.field4'),
      json('unstruct_event', 'iglu:com.mailgun/message_clicked/jsonschema/1-0-0', '$.ip'),
    ]);
    expect(data(e, 0)).toEqual({ emailAddress: D.jim, emailAddress2: 'bob@acme.com' });
    expect(data(e, 1)).toMatchObject({ emailAddress: 'tim@acme.com', emailAddress2: 'tom@acme.com', data: { emailAddress: 'jim@acme.com', emailAddress2: D.bob } });
    expect(data(e, 1).schema).toBe('iglu:com.acme/email_sent/jsonschema/1-0-0');
    expect(data(e, 2)).toEqual({ field: [D.hello, D.world], field2: null, field3: null, field4: D.empty });
    expect(e.unstruct_event?.data).toEqual({ ip: D.ip, myVar2: 'awesome' });
  });

  test("several names in one path: $.['a', 'b', 'missing']", async () => {
    const e = await run([json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-0-*', "$.['emailAddress', 'emailAddress2', 'emailAddressNonExistent']")]);
    expect(data(e, 0)).toEqual({ emailAddress: D.jim, emailAddress2: D.bob });
    expect(data(e, 1).emailAddress).toBe('tim@acme.com');
  });

  test('a wildcard revision (1-*-0) matches both versions', async () => {
    const e = await run([json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-*-0', '$.emailAddress')]);
    expect([data(e, 0).emailAddress, data(e, 1).emailAddress]).toEqual([D.jim, D.tim]);
  });

  test('numbers are left alone; absent paths change nothing and add nothing', async () => {
    const before = event();
    const e = await run([
      json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-*-*', '$.someInt'),
      json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-*-*', '$.field.that.does.not.exist.in.this.instance'),
      json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-*-*', '$.newField'),
    ]);
    expect(stringify(e.contexts)).toBe(stringify(before.contexts));
  });
});

describe('pii config errors', () => {
  test.each([
    [{ ...CONFIG, pii: 'user_id' }, /parameters.pii must be an array/],
    [{ ...CONFIG, pii: [{ pojo: { field: 'page_url' } }] }, /parameters.pii\[0\].pojo.field must be one of user_id, .*got "page_url"/],
    [{ ...CONFIG, pii: [{ pojo: { field: 'user_id' }, json: {} }] }, /exactly one of "pojo" or "json"/],
    [{ ...CONFIG, pii: [{ json: { field: 'body', schemaCriterion: 'iglu:a/b/jsonschema/1-*-*', jsonPath: '$.x' } }] }, /json.field must be one of contexts/],
    [{ ...CONFIG, pii: [{ json: { field: 'contexts', schemaCriterion: 'iglu:a/b/jsonschema/1-0', jsonPath: '$.x' } }] }, /schemaCriterion must look like/],
    [{ ...CONFIG, pii: [{ json: { field: 'contexts', schemaCriterion: 'iglu:a/b/jsonschema/1-*-*', jsonPath: '$.x[?(@.y)]' } }] }, /jsonPath: JSONPath "\$.x\[\?\(@.y\)\]": filter/],
    [{ ...CONFIG, strategy: { pseudonymize: { hashFunction: 'SHA256', salt: 's' } } }, /hashFunction must be one of MD2, MD5, SHA-1, SHA-256, SHA-384, SHA-512, got "SHA256"/],
    [{ ...CONFIG, strategy: { pseudonymize: { hashFunction: 'MD5' } } }, /salt must be a string/],
    [{ ...CONFIG, strategy: { hash: {} } }, /strategy must be/],
    [{ ...CONFIG, emitEvent: true }, /unknown parameter "emitEvent"/],
  ])('%#: %j', (parameters, message) => {
    expect(() => parsePiiConfig(parameters, 'enrichments/pii.json')).toThrow(EnrichmentConfigError);
    expect(() => parsePiiConfig(parameters, 'enrichments/pii.json')).toThrow(message);
  });

  test('anonymousOnly must be a boolean', () => {
    expect(() => parsePiiConfig(CONFIG, 'f', { anonymousOnly: 'yes' })).toThrow(/anonymousOnly must be a boolean/);
  });
});
