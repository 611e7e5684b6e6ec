import { emptyEnrichedEvent, EnrichedEvent } from '../model/enriched-event';
import {
  applyCrossNavigationFields,
  CROSS_NAVIGATION_SCHEMA,
  crossNavigationFactory,
  parseCrossNavigation,
} from './cross_navigation';
import { formatIsoTrimmed } from './cross-navigation-sp';
import { EnrichmentConfigError } from './enrichment';
import { testFactoryContext, testInput } from './enrichments-2-test-support';

const CONFIG_SCHEMA = 'iglu:com.snowplowanalytics.snowplow.enrichments/cross_navigation_config/jsonschema/1-0-0';
const INFO = { schemaKey: CONFIG_SCHEMA, identifier: 'cross-navigation' };
const b64 = (s: string) => Buffer.from(s).toString('base64url');
const DUID = 'c0b1c5a3-62e4-4f34-8b6f-0f3a1a4a0f01';
const SID = '9f4d1c2b-3a5e-4b6f-8c7d-1e2f3a4b5c6d';

async function enrichWith(query: string | null): Promise<{ event: EnrichedEvent; result: ReturnType<typeof run> }> {
  const enrichment = await crossNavigationFactory.create(undefined, testFactoryContext(), CONFIG_SCHEMA);
  const event = emptyEnrichedEvent();
  event.page_urlquery = query;
  const run = () => enrichment.enrich(testInput(event));
  return { event, result: run() };
}

describe('cross_navigation (spec/enrich.md §4.12)', () => {
  test('extended _sp → fields and context (keys in Enrich order, b64url decoded, ISO timestamp trimmed)', async () => {
    const sp = `${DUID}.1614834367120.${SID}.${b64('user@example.com')}.${b64('shop-web')}.web.${b64('campaign link ü')}`;
    const { event, result } = await enrichWith(`a=1&_sp=${sp}`);
    expect(event.refr_domain_userid).toBe(DUID);
    expect(event.refr_dvce_tstamp).toBe('2021-03-04 05:06:07.120');
    expect(result).toEqual({
      contexts: [
        {
          schema: CROSS_NAVIGATION_SCHEMA,
          data: {
            session_id: SID,
            timestamp: '2021-03-04T05:06:07.12Z',
            reason: 'campaign link ü',
            user_id: 'user@example.com',
            source_id: 'shop-web',
            domain_user_id: DUID,
            source_platform: 'web',
          },
        },
      ],
    });
    const data = (result?.contexts?.[0].data ?? {}) as object;
    expect(Object.keys(data)).toEqual(['session_id', 'timestamp', 'reason', 'user_id', 'source_id', 'domain_user_id', 'source_platform']);
  });

  test('legacy duid.tstamp form: missing parts are null', async () => {
    const { event, result } = await enrichWith(`_sp=${DUID}.1614834367000`);
    expect([event.refr_domain_userid, event.refr_dvce_tstamp]).toEqual([DUID, '2021-03-04 05:06:07.000']);
    expect(result?.contexts?.[0].data).toEqual({
      session_id: null,
      timestamp: '2021-03-04T05:06:07Z',
      reason: null,
      user_id: null,
      source_id: null,
      domain_user_id: DUID,
      source_platform: null,
    });
  });

  test('empty parts in the middle are null; trailing empty parts are dropped (Java split)', async () => {
    const { result } = await enrichWith(`_sp=${DUID}.1614834367100...${b64('src')}.mob..`);
    expect(result?.contexts?.[0].data).toMatchObject({ session_id: null, user_id: null, source_id: 'src', source_platform: 'mob', reason: null, timestamp: '2021-03-04T05:06:07.1Z' });
  });

  test('more than 7 parts → ignored entirely', async () => {
    const { event, result } = await enrichWith(`_sp=${DUID}.1614834367120.${SID}.a.b.web.c.extra`);
    expect(result).toBeUndefined();
    expect([event.refr_domain_userid, event.refr_dvce_tstamp]).toEqual([null, null]);
  });

  test('duid without timestamp: field set, no context', async () => {
    const { event, result } = await enrichWith(`_sp=${DUID}`);
    expect(event.refr_domain_userid).toBe(DUID);
    expect(event.refr_dvce_tstamp).toBeNull();
    expect(result).toBeUndefined();
  });

  test('no _sp, empty _sp, or no querystring → nothing', async () => {
    for (const q of [null, '', 'a=b', '_sp=', '_sp']) {
      const { event, result } = await enrichWith(q);
      expect(result).toBeUndefined();
      expect(event.refr_domain_userid).toBeNull();
    }
  });

  test.each([
    ['notanumber', 'not in the expected format: ms since epoch'],
    ['1.5e3', null],
    ['99999999999999999999', 'not in the expected format: ms since epoch'],
    ['253402300800000', 'formatting as 10000-01-01 00:00:00.000 is not Redshift-compatible'],
    ['-62167219200001', 'formatting as -0001-12-31 23:59:59.999 is not Redshift-compatible'],
  ])('invalid timestamp %s → enrichment failure, fields unset', async (ts, expectation) => {
    const { event, result } = await enrichWith(`_sp=${DUID}.${ts}`);
    if (expectation === null) {
      // `1.5e3` splits into more parts: `1`, `5e3` is then the session id; the timestamp `1` is valid.
      expect(result?.failures).toBeUndefined();
      return;
    }
    expect(result).toEqual({ failures: [{ enrichment: INFO, message: { field: 'sp_dtm', value: ts, expectation } }] });
    expect([event.refr_domain_userid, event.refr_dvce_tstamp]).toEqual([null, null]);
  });

  // Cases of Enrich's own CrossNavigationEnrichmentSpec (Apache-2.0): _sp → [refr_domain_userid, refr_dvce_tstamp, context?].
  test.each([
    ['abc.1697398398279', 'abc', '2023-10-15 19:33:18.279', true],
    ['abc', 'abc', null, false],
    ['.1697398398279', null, '2023-10-15 19:33:18.279', false],
    ['abc.1697175843762.176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24', 'abc', '2023-10-13 05:44:03.762', true],
    ['abc..176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24', 'abc', null, false],
    ['..176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24', null, null, false],
    ['abc.1697175843762..dGVzdGVy..web', 'abc', '2023-10-13 05:44:03.762', true],
    ['abc.1697175843762.....', 'abc', '2023-10-13 05:44:03.762', true],
    ['abc.1697175843762.176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24...foo..bar...', null, null, false],
  ] as const)('Enrich case _sp=%s', async (sp, duid, tstamp, hasContext) => {
    const { event, result } = await enrichWith(`_sp=${sp}`);
    expect([event.refr_domain_userid, event.refr_dvce_tstamp]).toEqual([duid, tstamp]);
    expect(result?.contexts !== undefined).toBe(hasContext);
  });

  test('Enrich case: the extended form decodes to tester / someSourceId / testing_reason', () => {
    const parse = parseCrossNavigation('_sp=abc.1697175843762.176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24');
    expect(parse.kind === 'parsed' && parse.navigation).toEqual({
      session_id: '176ff68a-4769-4566-ad0e-3792c1c8148f',
      timestamp: '2023-10-13T05:44:03.762Z',
      reason: 'testing_reason',
      user_id: 'tester',
      source_id: 'someSourceId',
      domain_user_id: 'abc',
      source_platform: 'web',
    });
  });

  test('Enrich case: a timestamp past year 9999 names the formatted date', () => {
    expect(parseCrossNavigation('_sp=abc.1111111111111111.176ff68a-4769-4566-ad0e-3792c1c8148f.')).toEqual({
      kind: 'invalid',
      messages: [{ field: 'sp_dtm', value: '1111111111111111', expectation: 'formatting as 37179-09-17 07:18:31.111 is not Redshift-compatible' }],
    });
  });

  test('invalid base64 → enrichment failure naming the part', async () => {
    const { result } = await enrichWith(`_sp=${DUID}.1614834367120.${SID}.not*base64.${b64('ok')}.web`);
    expect(result).toEqual({
      failures: [
        { enrichment: INFO, message: { field: 'sp_user_id', value: 'not*base64', expectation: 'Not a valid base64url-encoded string' } },
      ],
    });
  });

  test('standard base64 with padding is accepted too', () => {
    const parse = parseCrossNavigation(`_sp=${DUID}.0..${encodeURIComponent(Buffer.from('a>b?').toString('base64'))}`);
    expect(parse.kind === 'parsed' && parse.navigation?.user_id).toBe('a>b?');
  });

  test('refr_domain_userid is made TSV-safe', () => {
    const event = emptyEnrichedEvent();
    event.page_urlquery = '_sp=ab%09c%01d.1000';
    expect(applyCrossNavigationFields(event, null).failures).toEqual([]);
    expect(event.refr_domain_userid).toBe('ab    cd');
    expect(event.refr_dvce_tstamp).toBe('1970-01-01 00:00:01.000');
  });

  test('the core path (enrichment disabled): fields set, failures without enrichment info', () => {
    const event = emptyEnrichedEvent();
    event.page_urlquery = '_sp=abc.xyz';
    expect(applyCrossNavigationFields(event, null).failures).toEqual([
      { enrichment: null, message: { field: 'sp_dtm', value: 'xyz', expectation: 'not in the expected format: ms since epoch' } },
    ]);
  });

  test('hostile _sp values never throw', () => {
    for (const sp of ['.', '......', '.'.repeat(100_000), `${'a'.repeat(1_000_000)}.1`, '%00.%00', `x.1.${'=='.repeat(10)}`]) {
      expect(() => parseCrossNavigation(`_sp=${sp}`)).not.toThrow();
    }
  });

  test('ISO trimming', () => {
    expect(formatIsoTrimmed(Date.UTC(2021, 2, 4, 5, 6, 7, 0))).toBe('2021-03-04T05:06:07Z');
    expect(formatIsoTrimmed(Date.UTC(2021, 2, 4, 5, 6, 7, 100))).toBe('2021-03-04T05:06:07.1Z');
    expect(formatIsoTrimmed(Date.UTC(2021, 2, 4, 5, 6, 7, 120))).toBe('2021-03-04T05:06:07.12Z');
    expect(formatIsoTrimmed(Date.UTC(2021, 2, 4, 5, 6, 7, 123))).toBe('2021-03-04T05:06:07.123Z');
    expect(formatIsoTrimmed(Date.UTC(2021, 2, 4, 5, 6, 0, 0))).toBe('2021-03-04T05:06:00Z');
  });

  test('parameters are refused', async () => {
    await expect(crossNavigationFactory.create({ x: 1 }, testFactoryContext(), CONFIG_SCHEMA)).rejects.toThrow(EnrichmentConfigError);
    await expect(crossNavigationFactory.create({}, testFactoryContext(), CONFIG_SCHEMA)).resolves.toBeDefined();
  });
});
