/**
 * End to end with real clients and no stub anywhere on the path:
 *
 *   search page ─ad→ campaign site 1 (localhost) ─linker→ campaign site 2 (127.0.0.1)      @snowplow/browser-tracker
 *   @snowplow/node-tracker GET/POST × base64 on/off                                         in headless Chromium
 *        │ (through a loopback load balancer adding X-Forwarded-For: 81.2.69.142)
 *        ▼
 *   sleet collector (durable) → kinesalite → sleet enricher (standalone) → s3rver
 *        ▼
 *   read back from S3 as analysts do: gzip TSV by partition, DuckDB (docs/analysts.md), snowplow-analytics-sdk
 *
 * Needs ../shared (Iglu Central, MaxMind test database) and Chromium; without them it says so and skips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transform } from 'snowplow-analytics-sdk';
import { BrowserEvent, BrowserJourney, runBrowserJourney } from './harness/browser-journey';
import { CampaignSites, LANDING_PATH, startCampaignSites, STORE_PATH } from './harness/campaign-sites';
import { mirrorToDirectory } from './harness/bucket-output';
import { runAnalystRecipes, RecipeResults } from './harness/duckdb-recipes';
import { EnrichedRow, entitiesNamed, SelfDescribingEntity } from './harness/enriched-tsv';
import { NODE_TRACKER_VARIANTS, NodeTrackedEvent, namespaceOf, sendNodeTrackerTraffic } from './harness/node-tracker-traffic';
import { RunningPipeline, startPipeline } from './harness/pipeline';
import { awaitPipelineOutput, BadRowLine, PipelineOutput } from './harness/pipeline-output';
import { describeWhenPrerequisitesPresent } from './harness/prerequisites';
import {
  ANONYMISED_IP,
  CAMPAIGN,
  CLIENT_IP,
  INVALID_MARKER,
  invalidSignup,
  LANDING,
  landingPageEntity,
  LINK_TEXT,
  pseudonymised,
  SEARCH_TERM,
  SERVER_APP_ID,
  SERVER_USER_ID,
  serverEntity,
  serverSignup,
  SIGNUP_SCHEMA,
  STORE,
  storePageEntity,
  TSV_TIMESTAMP,
  tsvTimestamp,
  UUID,
  VISITOR_USER_ID,
  visitorSignup,
} from './scenario';

// ---- The run (once for the whole file) ------------------------------------------------------------------------

interface Run {
  readonly pipeline: RunningPipeline;
  readonly sites: CampaignSites;
  readonly journey: BrowserJourney;
  readonly nodeEvents: NodeTrackedEvent[];
  readonly invalidEventId: string;
  readonly output: PipelineOutput;
  readonly recipes: RecipeResults;
  readonly startedAt: number;
  readonly trafficEndedAt: number;
}

describeWhenPrerequisitesPresent('Sleet end to end: real trackers → collector → Kinesis → enricher → S3 → analysts', () => {
  const suiteStart = Date.now();
  const phases: string[] = [];
  const phase = (name: string, since: number) => phases.push(`${name} ${((Date.now() - since) / 1000).toFixed(1)} s`);
  let workDir: string;
  let pipeline: RunningPipeline | undefined;
  let sites: CampaignSites | undefined;
  let run: Run | undefined;
  let setupError: unknown;
  /** Service output, kept when the S3 output was incomplete, for the failure messages. */
  let serviceLogs = '';

  const the = (): Run => {
    if (run !== undefined) return run;
    const pointer = new Error('the pipeline run failed: see the test "the pipeline ran"');
    pointer.stack = pointer.message; // no code frame: the first test has the details
    throw pointer;
  };

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'sleet-e2e-'));
    try {
      let t = Date.now();
      pipeline = await startPipeline({ workDir, clientIp: CLIENT_IP, searchEngineHost: '127.0.0.1', internalDomains: ['localhost'] });
      phase('pipeline start', t);
      t = Date.now();
      sites = await startCampaignSites({
        collectorPort: pipeline.publicPort,
        landing: LANDING,
        store: STORE,
        userId: VISITOR_USER_ID,
        campaignQuery: new URLSearchParams(CAMPAIGN).toString(),
        searchQuery: new URLSearchParams({ q: SEARCH_TERM }).toString(),
        landingPageContext: landingPageEntity,
        storePageContext: storePageEntity,
        selfDescribingEvent: visitorSignup,
        invalidSelfDescribingEvent: invalidSignup,
      });
      phase('sites (esbuild bundles)', t);

      const startedAt = Date.now();
      t = Date.now();
      const journey = await runBrowserJourney({
        searchPage: sites.searchPageUrl,
        collectorOrigins: [sites.collectorOrigins.landing, sites.collectorOrigins.store],
      });
      phase('browser journey', t);
      t = Date.now();
      const nodeEvents = await sendNodeTrackerTraffic({
        endpoint: `http://127.0.0.1:${pipeline.publicPort}`,
        appId: SERVER_APP_ID,
        userId: SERVER_USER_ID,
        pageUrl: 'https://shop.example.com/orders/1234?tab=status#top',
        selfDescribingEvent: serverSignup,
        entity: serverEntity,
      });
      phase('node tracker', t);
      const trafficEndedAt = Date.now();

      const invalid = journey.events.filter((e) => e.e === 'ue' && (e.params.ue_pr ?? '').includes(INVALID_MARKER));
      if (invalid.length !== 1) throw new Error(`expected the browser to send 1 invalid event, saw ${invalid.length}`);
      const invalidEventId = invalid[0].eventId;
      const goodEventIds = new Set([...journey.events.map((e) => e.eventId), ...nodeEvents.map((e) => e.eventId)]);
      goodEventIds.delete(invalidEventId);

      t = Date.now();
      const p = pipeline;
      const awaited = await awaitPipelineOutput(p.s3, p.bucket, p.prefix, {
        goodEventIds,
        badRowCount: 1,
        timeoutMs: 60_000,
        stableMs: 15_000,
        quietMs: 3_000,
      });
      const output = awaited.output;
      phase(`wait for S3 output (${awaited.complete ? 'complete' : 'INCOMPLETE'})`, t);
      if (!awaited.complete) serviceLogs = p.diagnostics();

      t = Date.now();
      const mirror = join(workDir, 'bucket-copy');
      mirrorToDirectory(output.bucket, mirror);
      const recipes = await runAnalystRecipes(mirror, { withBadRows: output.bucket.bad.length > 0 });
      phase('DuckDB recipes', t);
      run = { pipeline, sites, journey, nodeEvents, invalidEventId, output, recipes, startedAt, trafficEndedAt };
    } catch (err) {
      // Reported once, by the first test; the others then fail with a one-line pointer to it.
      setupError = err;
    }
  }, 240_000);

  afterAll(async () => {
    await sites?.close();
    await pipeline?.stop();
    // SLEET_E2E_KEEP_OUTPUT=1 keeps the configs and a copy of the bucket (bucket-copy/) for inspection.
    if (workDir && process.env.SLEET_E2E_KEEP_OUTPUT) process.stderr.write(`\nSleet e2e: kept ${workDir}\n`);
    else if (workDir) rmSync(workDir, { recursive: true, force: true });
    phase('whole suite', suiteStart);
    process.stderr.write(`\nSleet e2e timings: ${phases.join(', ')}\n`);
  }, 60_000);

  // ---- helpers over the run ----

  const browserEvents = (pred: (e: BrowserEvent) => boolean = () => true) => the().journey.events.filter(pred);
  const rowOf = (eventId: string): EnrichedRow => {
    const rows = the().output.rowsByEventId.get(eventId);
    if (rows === undefined || rows.length === 0) throw new Error(`event ${eventId} not in good/`);
    return rows[0];
  };
  /**
   * The events of `events` that reached good/ (a missing one is reported by the delivery tests; field checks look at
   * the ones that arrived, so one lost event does not hide what the others show).
   */
  const arrived = <T extends { eventId: string }>(events: T[]): T[] => {
    const present = events.filter((e) => the().output.rowsByEventId.has(e.eventId));
    if (present.length === 0) throw new Error('none of these events reached good/');
    return present;
  };
  const landingEvents = () => browserEvents((e) => e.trackerNamespace === LANDING.trackerNamespace && e.eventId !== the().invalidEventId);
  const storeEvents = () => browserEvents((e) => e.trackerNamespace === STORE.trackerNamespace);
  const onlyOne = <T>(items: T[], what: string): T => {
    if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
    return items[0];
  };
  const unstructOf = (row: EnrichedRow) => JSON.parse(row.unstruct_event) as { schema: string; data: SelfDescribingEntity };
  const landingPageView = () => onlyOne(landingEvents().filter((e) => e.e === 'pv'), 'landing page view');
  const storePageView = () => onlyOne(storeEvents().filter((e) => e.e === 'pv'), 'store page view');
  const linkClick = () =>
    onlyOne(
      landingEvents().filter((e) => e.e === 'ue' && (e.params.ue_pr ?? '').includes('/link_click/')),
      'link_click event',
    );

  it('the pipeline ran: services started, traffic sent, output read back from S3', () => {
    if (setupError !== undefined) throw setupError;
    expect(run).toBeDefined();
    // When S3 did not receive everything, the service logs (the detailed assertions below say what is missing).
    expect(serviceLogs).toBe('');
  });

  /** "<tracker namespace>/<event code or kind> <event id>" for failure messages. */
  const describeEvent = (eventId: string): string => {
    const browser = the().journey.events.find((e) => e.eventId === eventId);
    if (browser) return `${browser.trackerNamespace}/${browser.e} ${eventId}`;
    const server = the().nodeEvents.find((e) => e.eventId === eventId);
    if (server) return `${server.namespace}/${server.kind} ${eventId}`;
    return `untracked ${eventId}`;
  };
  /** "<bad row type> | event <which> | <failure, truncated>" for failure messages. */
  const summariseBadRow = (bad: BadRowLine): string => {
    const type = bad.json.schema.replace(/^iglu:com\.snowplowanalytics\.snowplow\.badrows\//, '');
    // The failed event's own id (the raw payload also holds the other events of its request).
    const payload = bad.json.data.payload as { enriched?: { event_id?: string } } | undefined;
    const id = payload?.enriched?.event_id;
    const which = id === undefined ? 'unknown' : describeEvent(id);
    return `${type} | event ${which} | ${JSON.stringify(bad.json.data.failure ?? null).slice(0, 400)}`;
  };

  // ---- delivery ----

  describe('delivery', () => {
    it('the browser sent every event once, each request answered 2xx, with no console error', () => {
      const { journey } = the();
      expect(journey.collectorFailures).toEqual([]);
      expect(journey.consoleErrors).toEqual([]);
      const ids = journey.events.map((e) => e.eventId);
      expect(new Set(ids).size).toBe(ids.length);
      const kinds = (ns: string) => journey.events.filter((e) => e.trackerNamespace === ns).map((e) => e.e);
      // Landing: page view, ≥1 page ping, structured event, sign-up (valid + invalid), link click.
      expect(kinds(LANDING.trackerNamespace).filter((k) => k === 'pv')).toHaveLength(1);
      expect(kinds(LANDING.trackerNamespace).filter((k) => k === 'pp').length).toBeGreaterThanOrEqual(1);
      expect(kinds(LANDING.trackerNamespace).filter((k) => k === 'se')).toHaveLength(1);
      expect(kinds(LANDING.trackerNamespace).filter((k) => k === 'ue')).toHaveLength(3);
      expect(kinds(STORE.trackerNamespace).filter((k) => k === 'pv')).toHaveLength(1);
      expect(kinds(STORE.trackerNamespace).filter((k) => k === 'se')).toHaveLength(1);
    });

    it('every tracked event is in good/ exactly once, and nothing else is', () => {
      const { journey, nodeEvents, invalidEventId, output } = the();
      const expected = new Set([...journey.events.map((e) => e.eventId), ...nodeEvents.map((e) => e.eventId)]);
      expected.delete(invalidEventId);
      const duplicated = [...output.rowsByEventId].filter(([, rows]) => rows.length > 1).map(([id]) => describeEvent(id));
      expect(duplicated).toEqual([]);
      const missing = [...expected].filter((id) => !output.rowsByEventId.has(id)).map(describeEvent);
      expect(missing).toEqual([]);
      const unexpected = [...output.rowsByEventId.keys()].filter((id) => !expected.has(id)).map(describeEvent);
      expect(unexpected).toEqual([]);
      expect(output.rows).toHaveLength(expected.size);
      expect(nodeEvents).toHaveLength(NODE_TRACKER_VARIANTS.length * 3);
    });

    it('the invalid sign-up event is the one bad row: a schema_violations row naming the schema and the event', () => {
      const { output, invalidEventId } = the();
      expect(output.rowsByEventId.has(invalidEventId)).toBe(false);
      expect(output.badRows.map(summariseBadRow)).toEqual([
        expect.stringMatching(/^schema_violations\/jsonschema\/2-0-\d+ \| event spring-sale\/ue /),
      ]);
      const bad = output.badRows[0];
      expect(bad.line).toContain(invalidEventId);
      expect(JSON.stringify(bad.json.data.failure)).toContain(SIGNUP_SCHEMA);
      expect(Object.keys(bad.json.data).sort()).toEqual(['failure', 'payload', 'processor']);
    });

    it('objects are gzip TSV/JSONL under good/ and bad/ hour partitions matching each event\'s collector_tstamp', () => {
      const { output, startedAt, trafficEndedAt } = the();
      expect(output.bucket.other).toEqual([]);
      for (const o of output.bucket.good) {
        expect(o.key).toMatch(/^good\/dt=\d{4}-\d{2}-\d{2}\/hr=\d{2}\/[A-Za-z0-9._-]+\.tsv\.gz$/);
        expect(o.endsWithNewline).toBe(true);
      }
      for (const o of output.bucket.bad) {
        expect(o.key).toMatch(/^bad\/dt=\d{4}-\d{2}-\d{2}\/hr=\d{2}\/[A-Za-z0-9._-]+\.jsonl\.gz$/);
        expect(o.endsWithNewline).toBe(true);
      }
      for (const bad of output.badRows) {
        const enriched = (bad.json.data.payload as { enriched?: { collector_tstamp?: string } } | undefined)?.enriched;
        const [date, time] = (enriched?.collector_tstamp ?? '').split(' ');
        expect(bad.key.startsWith(`bad/dt=${date}/hr=${(time ?? '').slice(0, 2)}/`)).toBe(true);
      }
      for (const { key, row } of output.rows) {
        expect(row.collector_tstamp).toMatch(TSV_TIMESTAMP);
        const [date, time] = row.collector_tstamp.split(' ');
        expect(key.startsWith(`good/dt=${date}/hr=${time.slice(0, 2)}/`)).toBe(true);
        const collected = Date.parse(`${date}T${time}Z`);
        expect(collected).toBeGreaterThanOrEqual(startedAt - 1_000);
        expect(collected).toBeLessThanOrEqual(trafficEndedAt + 1_000);
        expect(row.v_collector).not.toBe('');
        expect(row.v_etl).not.toBe('');
        expect(row.etl_tstamp).toMatch(TSV_TIMESTAMP);
        expect(row.derived_tstamp).toMatch(TSV_TIMESTAMP);
      }
    });
  });

  // ---- identity ----

  describe('identity', () => {
    it('network_userid is the collector cookie the browser holds for that collector host', () => {
      const { journey } = the();
      const landingCookie = journey.collectorCookies.localhost;
      const storeCookie = journey.collectorCookies['127.0.0.1'];
      expect(landingCookie).toMatch(UUID);
      expect(storeCookie).toMatch(UUID);
      for (const e of arrived(landingEvents())) expect(rowOf(e.eventId).network_userid).toBe(landingCookie);
      for (const e of arrived(storeEvents())) expect(rowOf(e.eventId).network_userid).toBe(storeCookie);
    });

    it('domain_userid and domain_sessionid are the tracker\'s first-party ids on each site', () => {
      for (const e of arrived([...landingEvents(), ...storeEvents()])) {
        const row = rowOf(e.eventId);
        expect(row.domain_userid).toBe(e.params.duid);
        expect(row.domain_sessionid).toBe(e.params.sid);
        expect(row.domain_sessionidx).toBe(e.params.vid);
      }
    });

    it('the cross-domain linker carries site 1\'s domain_userid to site 2 (refr_domain_userid, cross_navigation entity)', () => {
      const { journey } = the();
      const landing = landingPageView();
      const sp = new URL(journey.storeUrl).searchParams.get('_sp') ?? '';
      const [duid, timestamp, sessionId] = sp.split('.');
      expect(duid).toBe(landing.params.duid);
      expect(sessionId).toBe(landing.params.sid);
      for (const e of arrived(storeEvents())) {
        const row = rowOf(e.eventId);
        expect(row.refr_domain_userid).toBe(landing.params.duid);
        expect(row.refr_dvce_tstamp).toBe(tsvTimestamp(Number(timestamp)));
        const nav = onlyOne(entitiesNamed(row.derived_contexts, 'com.snowplowanalytics.snowplow/cross_navigation/jsonschema/1'), 'cross_navigation entity');
        expect(nav.data).toEqual({
          domain_user_id: landing.params.duid,
          timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/),
          session_id: landing.params.sid,
          user_id: pseudonymised(VISITOR_USER_ID),
          source_id: LANDING.appId,
          source_platform: 'web',
          reason: LINK_TEXT,
        });
        expect(Date.parse(nav.data.timestamp as string)).toBe(Number(timestamp));
      }
      // The tracker on site 2 keeps its own first-party id (the linker informs, it does not overwrite).
      expect(rowOf(storePageView().eventId).domain_userid).toBe(storePageView().params.duid);
    });
  });

  // ---- marketing ----

  describe('campaign and referrer', () => {
    it('mkt_* come from the landing URL\'s utm_* and gclid, on every event of that page', () => {
      for (const e of arrived(landingEvents())) {
        const row = rowOf(e.eventId);
        expect({
          mkt_medium: row.mkt_medium,
          mkt_source: row.mkt_source,
          mkt_term: row.mkt_term,
          mkt_content: row.mkt_content,
          mkt_campaign: row.mkt_campaign,
          mkt_clickid: row.mkt_clickid,
          mkt_network: row.mkt_network,
        }).toEqual({
          mkt_medium: CAMPAIGN.utm_medium,
          mkt_source: CAMPAIGN.utm_source,
          mkt_term: CAMPAIGN.utm_term,
          mkt_content: CAMPAIGN.utm_content,
          mkt_campaign: CAMPAIGN.utm_campaign,
          mkt_clickid: CAMPAIGN.gclid,
          mkt_network: 'Google',
        });
      }
      for (const e of arrived(storeEvents())) expect(rowOf(e.eventId).mkt_campaign).toBe('');
    });

    it('the landing page\'s referrer is the search engine, with the search term (referer_parser)', () => {
      const { journey, sites } = the();
      expect(journey.landingReferrer).toBe(sites.searchPageUrl);
      const row = rowOf(landingPageView().eventId);
      const search = new URL(sites.searchPageUrl);
      expect({
        page_referrer: row.page_referrer,
        refr_urlscheme: row.refr_urlscheme,
        refr_urlhost: row.refr_urlhost,
        refr_urlport: row.refr_urlport,
        refr_urlpath: row.refr_urlpath,
        refr_urlquery: row.refr_urlquery,
        refr_medium: row.refr_medium,
        refr_source: row.refr_source,
        refr_term: row.refr_term,
      }).toEqual({
        page_referrer: sites.searchPageUrl,
        refr_urlscheme: 'http',
        refr_urlhost: '127.0.0.1',
        refr_urlport: search.port,
        refr_urlpath: '/search',
        refr_urlquery: search.search.slice(1),
        refr_medium: 'search',
        refr_source: 'Sleet Test Search',
        refr_term: SEARCH_TERM,
      });
    });

    it('site 2\'s referrer is site 1, an internal domain of the campaign owner', () => {
      const row = rowOf(storePageView().eventId);
      expect(row.refr_urlhost).toBe('localhost');
      expect(row.refr_medium).toBe('internal');
      expect(row.refr_source).toBe('');
    });
  });

  // ---- page and browser ----

  describe('page and browser fields', () => {
    it('page URL fields of both sites', () => {
      const { journey } = the();
      const landingUrl = new URL(journey.landingUrl);
      const storeUrl = new URL(journey.storeUrl);
      const landing = rowOf(landingPageView().eventId);
      expect([landing.page_url, landing.page_urlscheme, landing.page_urlhost, landing.page_urlport, landing.page_urlpath, landing.page_urlquery, landing.page_urlfragment, landing.page_title]).toEqual(
        [journey.landingUrl, 'http', 'localhost', landingUrl.port, LANDING_PATH, landingUrl.search.slice(1), '', 'Spring sale | Sleet Shoes'],
      );
      const store = rowOf(storePageView().eventId);
      expect([store.page_url, store.page_urlscheme, store.page_urlhost, store.page_urlport, store.page_urlpath, store.page_urlquery, store.page_title]).toEqual(
        [journey.storeUrl, 'http', '127.0.0.1', storeUrl.port, STORE_PATH, storeUrl.search.slice(1), 'Trail Runner 2 | Sleet Store'],
      );
    });

    it('the page view carries the web_page entity and the custom ecommerce page entity the page attached', () => {
      for (const [event, entity] of [[landingPageView(), landingPageEntity], [storePageView(), storePageEntity]] as const) {
        const row = rowOf(event.eventId);
        const sent = JSON.parse(event.params.co) as { data: SelfDescribingEntity[] };
        const webPageId = sent.data.find((c) => c.schema.includes('/web_page/'))?.data.id;
        expect(webPageId).toMatch(UUID);
        expect(entitiesNamed(row.contexts, 'com.snowplowanalytics.snowplow/web_page/jsonschema/1')).toEqual([
          { schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: webPageId } },
        ]);
        expect(entitiesNamed(row.contexts, 'com.snowplowanalytics.snowplow.ecommerce/page/jsonschema/1')).toEqual([entity]);
      }
    });

    it('br_*, os_*, dvce_* and doc_* from the tracker and the user agent; ua_parser_context from uap-core', () => {
      const { journey } = the();
      const major = /Chrome\/(\d+)\./.exec(journey.userAgent)?.[1];
      expect(major).toBeDefined();
      for (const e of arrived([...landingEvents(), ...storeEvents()])) {
        const row = rowOf(e.eventId);
        const [vw, vh] = (e.params.vp ?? 'x').split('x');
        const [sw, sh] = e.params.res.split('x');
        expect(row.useragent).toBe(journey.userAgent);
        expect(row.br_lang).toBe(e.params.lang);
        expect(row.br_cookies).toBe('1');
        expect(row.br_colordepth).toBe(e.params.cd);
        expect([row.br_viewwidth, row.br_viewheight]).toEqual([vw, vh]);
        expect([row.dvce_screenwidth, row.dvce_screenheight]).toEqual([sw, sh]);
        expect(row.os_timezone).toBe(e.params.tz);
        expect(row.doc_charset).toBe('UTF-8');
        // user_agent_utils, in UserAgentUtils' vocabulary (docs/enrichments.md).
        expect({
          br_family: row.br_family,
          br_type: row.br_type,
          os_family: row.os_family,
          dvce_type: row.dvce_type,
          dvce_ismobile: row.dvce_ismobile,
        }).toEqual({ br_family: 'Chrome', br_type: 'Browser', os_family: 'Linux', dvce_type: 'Computer', dvce_ismobile: '0' });
        expect(row.br_name).toMatch(/^Chrome/);
        expect(row.br_renderengine).not.toBe('');
        const ua = onlyOne(entitiesNamed(row.derived_contexts, 'com.snowplowanalytics.snowplow/ua_parser_context/jsonschema/1'), 'ua_parser_context');
        expect(ua.data).toMatchObject({ useragentFamily: 'Chrome', useragentMajor: major, osFamily: 'Linux', deviceFamily: 'Other' });
      }
    });
  });

  // ---- privacy and location ----

  describe('geo, IP anonymisation and PII', () => {
    it('every event is located from the forwarded client IP (London in the MaxMind test database)', () => {
      for (const { row } of the().output.rows) {
        expect({
          geo_country: row.geo_country,
          geo_region: row.geo_region,
          geo_city: row.geo_city,
          geo_region_name: row.geo_region_name,
          geo_latitude: row.geo_latitude,
          geo_longitude: row.geo_longitude,
          geo_timezone: row.geo_timezone,
        }).toEqual({
          geo_country: 'GB',
          geo_region: 'ENG',
          geo_city: 'London',
          geo_region_name: 'England',
          geo_latitude: '51.5142',
          geo_longitude: '-0.0931',
          geo_timezone: 'Europe/London',
        });
      }
    });

    it('the IP is anonymised and user ids and e-mail addresses are pseudonymised everywhere in good/', () => {
      const { output, nodeEvents } = the();
      for (const e of arrived([...landingEvents(), ...storeEvents()])) {
        const row = rowOf(e.eventId);
        expect(row.user_ipaddress).toBe(ANONYMISED_IP);
        expect(row.user_id).toBe(pseudonymised(VISITOR_USER_ID));
      }
      for (const e of arrived(nodeEvents)) {
        const row = rowOf(e.eventId);
        expect(row.user_ipaddress).toBe(ANONYMISED_IP);
        expect(row.user_id).toBe(pseudonymised(SERVER_USER_ID));
      }
      for (const { line } of output.rows) {
        expect(line).not.toContain(CLIENT_IP);
        expect(line).not.toContain(VISITOR_USER_ID);
        expect(line).not.toContain(SERVER_USER_ID);
      }
    });
  });

  // ---- event types ----

  describe('event types', () => {
    it('structured events', () => {
      const landing = rowOf(onlyOne(landingEvents().filter((e) => e.e === 'se'), 'landing structured event').eventId);
      expect([landing.event, landing.se_category, landing.se_action, landing.se_label, landing.se_property, landing.se_value, landing.event_name]).toEqual(
        ['struct', 'promo', 'view-banner', 'spring-sale-hero', 'hero', '42.5', 'event'],
      );
      const store = rowOf(onlyOne(storeEvents().filter((e) => e.e === 'se'), 'store structured event').eventId);
      expect([store.se_category, store.se_action, store.se_label, store.se_value]).toEqual(['basket', 'add', 'trail-runner-2', '89.99']);
    });

    it('page views and page pings', () => {
      const pv = rowOf(landingPageView().eventId);
      expect([pv.event, pv.event_vendor, pv.event_name, pv.event_format, pv.event_version]).toEqual(
        ['page_view', 'com.snowplowanalytics.snowplow', 'page_view', 'jsonschema', '1-0-0'],
      );
      const pings = landingEvents().filter((e) => e.e === 'pp');
      for (const ping of pings) {
        const row = rowOf(ping.eventId);
        expect(row.event).toBe('page_ping');
        expect([row.pp_xoffset_min, row.pp_xoffset_max, row.pp_yoffset_min, row.pp_yoffset_max]).toEqual(
          // The tracker leaves out offsets that are 0; absent parameters are empty fields.
          [ping.params.pp_mix ?? '', ping.params.pp_max ?? '', ping.params.pp_miy ?? '', ping.params.pp_may ?? ''],
        );
        // The page's contextCallback adds its entity to each ping too.
        expect(entitiesNamed(row.contexts, 'com.snowplowanalytics.snowplow.ecommerce/page/jsonschema/1')).toEqual([landingPageEntity]);
      }
    });

    it('the self-describing sign-up event from this project\'s schemas/, e-mail pseudonymised', () => {
      const signup = onlyOne(
        landingEvents().filter((e) => e.e === 'ue' && (e.params.ue_pr ?? '').includes(SIGNUP_SCHEMA)),
        'valid sign-up event',
      );
      const row = rowOf(signup.eventId);
      expect([row.event, row.event_vendor, row.event_name, row.event_format, row.event_version]).toEqual(
        ['unstruct', 'dev.sleet', 'campaign_signup', 'jsonschema', '1-0-0'],
      );
      expect(unstructOf(row).data).toEqual({ schema: SIGNUP_SCHEMA, data: { ...visitorSignup.data, email: pseudonymised(VISITOR_USER_ID) } });
    });

    it('the link click to site 2, with the decorated target URL', () => {
      const { journey } = the();
      const row = rowOf(linkClick().eventId);
      expect(row.event_name).toBe('link_click');
      const data = unstructOf(row).data;
      expect(data.schema).toBe('iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1');
      expect(data.data).toEqual({
        targetUrl: journey.storeUrl,
        elementId: 'to-store',
        elementClasses: ['cta', 'primary'],
        elementContent: LINK_TEXT,
      });
    });

    it('event_fingerprint is a SHA-256 of each event\'s parameters', () => {
      const fingerprints = the().output.rows.map(({ row }) => row.event_fingerprint);
      for (const f of fingerprints) expect(f).toMatch(/^[0-9a-f]{64}$/);
      expect(new Set(fingerprints).size).toBe(fingerprints.length);
    });
  });

  // ---- server-side tracker ----

  describe('node tracker', () => {
    it.each(NODE_TRACKER_VARIANTS.map((v) => [namespaceOf(v), v] as const))('%s: all three events, fully mapped', (namespace) => {
      const { nodeEvents } = the();
      const mine = nodeEvents.filter((e) => e.namespace === namespace);
      expect(mine.map((e) => e.kind)).toEqual(['page_view', 'struct', 'self_describing']);
      for (const e of arrived(mine)) {
        const row = rowOf(e.eventId);
        expect([row.app_id, row.platform, row.name_tracker]).toEqual([SERVER_APP_ID, 'srv', namespace]);
        expect(row.v_tracker).toMatch(/^node-\d+\.\d+\.\d+$/);
        expect(row.network_userid).toMatch(UUID);
        expect(row.useragent).toBe('node');
      }
      const [pv, se] = mine.slice(0, 2).map((e) => rowOf(e.eventId));
      expect([pv.event, pv.page_title, pv.page_urlscheme, pv.page_urlhost, pv.page_urlpath, pv.page_urlquery, pv.page_urlfragment]).toEqual(
        ['page_view', 'Order status', 'https', 'shop.example.com', '/orders/1234', 'tab=status', 'top'],
      );
      expect([pv.page_referrer, pv.refr_medium, pv.refr_source]).toEqual(['https://mail.example.org/', 'email', 'Sleet Test Mail']);
      expect([se.event, se.se_category, se.se_action, se.se_label, se.se_value]).toEqual(['struct', 'order', 'status-check', namespace, '3']);
      const ue = rowOf(mine[2].eventId);
      expect(ue.event).toBe('unstruct');
      expect(unstructOf(ue).data).toEqual({ schema: SIGNUP_SCHEMA, data: { ...serverSignup.data, email: pseudonymised(SERVER_USER_ID) } });
      expect(entitiesNamed(ue.contexts, 'com.snowplowanalytics.snowplow.ecommerce/page/jsonschema/1')).toEqual([serverEntity]);
    });

    it('GET and POST, base64 on and off, give identical events apart from their ids and times', () => {
      const { nodeEvents } = the();
      const comparable = (e: NodeTrackedEvent) => {
        const row = rowOf(e.eventId);
        return [e.kind, row.event, row.unstruct_event, row.contexts, row.se_category, row.page_url, row.geo_city, row.user_id];
      };
      const byVariant = NODE_TRACKER_VARIANTS.map((v) => nodeEvents.filter((e) => e.variant === v).map(comparable));
      for (const other of byVariant.slice(1)) expect(other).toEqual(byVariant[0]);
    });
  });

  // ---- as analysts read it ----

  describe('read back as analysts do', () => {
    it('DuckDB (docs/analysts.md recipes): events by type and by hour partition, browsers, bad rows', () => {
      const { recipes, output } = the();
      const expectedByType = new Map<string, number>();
      const expectedByHour = new Map<string, number>();
      for (const { key, row } of output.rows) {
        const typeKey = `${row.event}|${row.event_name}`;
        expectedByType.set(typeKey, (expectedByType.get(typeKey) ?? 0) + 1);
        const hourKey = /^good\/dt=([^/]+)\/hr=([^/]+)\//.exec(key)!.slice(1).join('|');
        expectedByHour.set(hourKey, (expectedByHour.get(hourKey) ?? 0) + 1);
      }
      const asMap = (rows: Array<Record<string, unknown>>, keys: string[]) =>
        new Map(rows.map((r) => [keys.map((k) => String(r[k])).join('|'), Number(r.events)]));
      expect(asMap(recipes.eventsByType, ['event', 'event_name'])).toEqual(expectedByType);
      expect(asMap(recipes.eventsByHour, ['dt', 'hr'])).toEqual(expectedByHour);
      expect(expectedByType.get('page_ping|page_ping')).toBeGreaterThanOrEqual(1);
      const chrome = recipes.browsers.find((r) => r.browser === 'Chrome');
      expect(Number(chrome?.events)).toBe(arrived([...landingEvents(), ...storeEvents()]).length);
      expect(recipes.badRows).toEqual([
        { schema: expect.stringMatching(/badrows\/schema_violations\/jsonschema\/2-0-/), bad_rows: '1' },
      ]);
    });

    it('snowplow-analytics-sdk parses every line into the Analytics SDK JSON shape', () => {
      const { output } = the();
      for (const { line } of output.rows) expect(() => transform(line)).not.toThrow();
      const pv = transform(output.rows.find(({ row }) => row.event_id === landingPageView().eventId)!.line) as unknown as Record<string, unknown>;
      expect(pv.event_id).toBe(landingPageView().eventId);
      expect(pv.geo_location).toBe('51.5142,-0.0931');
      expect(pv.contexts_com_snowplowanalytics_snowplow_web_page_1).toEqual([expect.objectContaining({ id: expect.stringMatching(UUID) })]);
      expect(pv.contexts_com_snowplowanalytics_snowplow_ecommerce_page_1).toEqual([expect.objectContaining(landingPageEntity.data)]);
      expect(pv.contexts_com_snowplowanalytics_snowplow_ua_parser_context_1).toEqual([
        expect.objectContaining({ useragentFamily: 'Chrome' }),
      ]);
      const signupLine = output.rows.find(({ row }) => row.event_name === 'campaign_signup' && row.app_id === LANDING.appId)!.line;
      expect((transform(signupLine) as unknown as Record<string, unknown>).unstruct_event_dev_sleet_campaign_signup_1).toEqual({
        ...visitorSignup.data,
        email: pseudonymised(VISITOR_USER_ID),
      });
    });
  });
});
