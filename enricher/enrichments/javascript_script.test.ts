import { parse, stringify } from 'lossless-json';
import { emptyEnrichedEvent, EnrichedEvent } from '../model/enriched-event';
import type { Enrichment, EnrichmentResult } from './enrichment';
import { EnrichmentConfigError } from './enrichment';
import { testFactoryContext, testInput } from './enrichments-2-test-support';
import { createJavascriptScript, javascriptScriptFactory, parseJavascriptScriptConfig } from './javascript_script';
import type { ScriptEngineName } from './javascript-script-engine';

const SCHEMA = 'iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-1';
const INFO = { schemaKey: SCHEMA, identifier: 'Javascript enrichment' };
const b64 = (source: string) => Buffer.from(source).toString('base64');

const open: Enrichment[] = [];
afterAll(() => open.forEach((e) => e.close?.()));

let engine: ScriptEngineName = 'isolated-vm';

async function script(source: string, config?: object): Promise<Enrichment> {
  const parsed = parseJavascriptScriptConfig({ script: b64(source), ...(config ? { config } : {}) }, 'f');
  const e = createJavascriptScript(parsed, SCHEMA, { engine });
  expect(e.engine).toBe(engine);
  open.push(e);
  return e;
}

/** Start-up as the factory does it, with the engine under test. */
async function startup(parameters: unknown): Promise<Enrichment> {
  const parsed = parseJavascriptScriptConfig(parameters, 'enrichments/js.json');
  try {
    return createJavascriptScript(parsed, SCHEMA, { engine });
  } catch (err) {
    throw new EnrichmentConfigError('enrichments/js.json', 'javascript_script_config', `the script cannot be started: ${(err as Error).message}`);
  }
}

function pageView(): EnrichedEvent {
  const e = emptyEnrichedEvent();
  e.app_id = 'shop';
  e.event = 'page_view';
  e.page_urlport = '443';
  e.br_cookies = '1';
  e.user_id = 'jane';
  e.contexts = [{ schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: parse('{"id":7,"score":1.50}') }];
  e.derived_contexts = [{ schema: 'iglu:com.acme/earlier/jsonschema/1-0-0', data: {} }];
  return e;
}

const failureOf = (r: EnrichmentResult | undefined) => (r?.failures?.[0]?.message as { error: string } | undefined)?.error;

describe.each(['isolated-vm', 'node-vm'] as const)('javascript_script_config (spec/enrich.md §4.14) in %s', (engineName) => {
  beforeAll(() => {
    engine = engineName;
  });

  test('getters, setters and returned contexts, like Snowplow’s examples', async () => {
    const e = await script(`
      function process(event, params, headers) {
        var appId = event.getApp_id();
        event.setApp_id(appId.toUpperCase());
        event.setMkt_source(params.source);
        event.setPage_urlport(event.getPage_urlport() + 1);
        event.setBr_cookies(false);
        return [{ schema: 'iglu:com.acme/derived/jsonschema/1-0-0',
                  data: { appId: appId, port: event.getPage_urlport(), cookies: event.getBr_cookies(),
                          host: headers['host'], contexts: JSON.parse(event.getContexts()).data[0].data.score } }];
      }`, { source: 'configured' });
    const ev = pageView();
    const result = e.enrich(testInput(ev, { headers: ['Host: collector.example.com'] }));
    expect(result?.failures).toBeUndefined();
    expect(stringify(result?.contexts)).toBe(
      '[{"schema":"iglu:com.acme/derived/jsonschema/1-0-0","data":{"appId":"shop","port":444,"cookies":false,"host":"collector.example.com","contexts":1.5}}]',
    );
    expect([ev.app_id, ev.mkt_source, ev.page_urlport, ev.br_cookies]).toEqual(['SHOP', 'configured', '444', '0']);
  });

  test('unset columns read as null; an event object kept past its call cannot be used', async () => {
    const e = await script(`
      var saved = null;
      function process(event) {
        if (saved !== null) return [{ schema: 'iglu:x/y/jsonschema/1-0-0', data: { late: saved.getApp_id() } }];
        saved = event;
        return [{ schema: 'iglu:x/y/jsonschema/1-0-0', data: { fp: event.getUser_fingerprint(), ux: event.getUnstruct_event(), port: event.getRefr_urlport() } }];
      }`);
    expect(e.enrich(testInput(pageView()))?.contexts?.[0].data).toEqual({ fp: null, ux: null, port: null });
    expect(failureOf(e.enrich(testInput(pageView())))).toBe(
      'Error during execution of JavaScript function: [the event object can only be used during its process() call]',
    );
  });

  test('null / undefined / [] return → no contexts', async () => {
    for (const ret of ['null', 'undefined', '[]']) {
      const e = await script(`function process(event) { return ${ret}; }`);
      expect(e.enrich(testInput(pageView()))).toBeUndefined();
    }
  });

  test('setContexts / setUnstruct_event replace the JSON columns; eraseDerived_contexts clears earlier ones', async () => {
    const e = await script(`
      function process(event) {
        var cx = JSON.parse(event.getContexts());
        cx.data.push({ schema: 'iglu:com.acme/added/jsonschema/1-0-0', data: { ok: true } });
        event.setContexts(JSON.stringify(cx));
        event.setUnstruct_event(JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
          data: { schema: 'iglu:com.acme/click/jsonschema/1-0-0', data: { target: 'buy' } } }));
        event.eraseDerived_contexts();
        return null;
      }`);
    const ev = pageView();
    expect(e.enrich(testInput(ev))).toBeUndefined();
    expect(ev.contexts.map((c) => c.schema)).toEqual(['iglu:com.acme/user/jsonschema/1-0-0', 'iglu:com.acme/added/jsonschema/1-0-0']);
    expect(ev.unstruct_event).toEqual({ schema: 'iglu:com.acme/click/jsonschema/1-0-0', data: { target: 'buy' } });
    expect(ev.derived_contexts).toEqual([]);
  });

  test('drop() drops the event on purpose', async () => {
    const e = await script(`function process(event) { if (event.getApp_id() === 'shop') event.drop(); return []; }`);
    expect(e.enrich(testInput(pageView()))).toEqual({ drop: true });
  });

  test('state persists between events in one sandbox (as in Enrich), never between enrichments', async () => {
    const a = await script(`var n = 0; function process(event) { n++; event.setSe_value(n); return null; }`);
    const b = await script(`function process(event) { return [{ schema: 'iglu:x/y/jsonschema/1-0-0', data: { n: typeof n } }]; }`);
    const ev = pageView();
    a.enrich(testInput(ev));
    a.enrich(testInput(ev));
    expect(ev.se_value).toBe('2');
    expect(b.enrich(testInput(ev))?.contexts?.[0].data).toEqual({ n: 'undefined' });
  });

  test('a throw → enrichment failure with Snowplow’s message and identifier', async () => {
    const e = await script(`function process(event) { throw new Error('boom: ' + event.getApp_id()); }`);
    expect(e.enrich(testInput(pageView()))).toEqual({
      failures: [{ enrichment: INFO, message: { error: 'Error during execution of JavaScript function: [boom: shop]' } }],
    });
    const s = await script(`function process() { throw 'a string'; }`);
    expect(failureOf(s.enrich(testInput(pageView())))).toBe('Error during execution of JavaScript function: [a string]');
  });

  test('a huge error message is cut to keep the bad row small', async () => {
    const e = await script(`function process() { throw new Error(new Array(100001).join('e')); }`);
    const message = failureOf(e.enrich(testInput(pageView()))) ?? '';
    expect(message.length).toBeLessThan(2_200);
    expect(message).toMatch(/… \(\d+ characters\)$/);
  });

  test('an infinite loop → timeout failure, and the sandbox keeps working', async () => {
    const e = await script(`function process(event) { if (event.getApp_id() === 'loop') { while (true) {} } return null; }`);
    const looping = pageView();
    looping.app_id = 'loop';
    const started = Date.now();
    expect(failureOf(e.enrich(testInput(looping)))).toMatch(/^Error during execution of JavaScript function: \[.*timed out.*\]$/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(e.enrich(testInput(pageView()))).toBeUndefined();
  });

  test('endless promise jobs cannot hang the host either', async () => {
    const e = await script(`function process() { Promise.resolve().then(function f() { return Promise.resolve().then(f); }); return null; }`);
    const started = Date.now();
    e.enrich(testInput(pageView()));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  // node:vm shares the host heap: it has no memory limit to test (docs/enrichments-2.md states it).
  (engineName === 'isolated-vm' ? test : test.skip)('exhausting the heap → failure; the next event gets a fresh sandbox', async () => {
    const e = await script(`function process(event) { if (event.getApp_id() === 'big') { var a = []; while (true) a.push(new Array(1e5).fill('x')); } return [{ schema: 'iglu:x/ok/jsonschema/1-0-0', data: {} }]; }`);
    const big = pageView();
    big.app_id = 'big';
    expect(failureOf(e.enrich(testInput(big)))).toMatch(/^Error during execution of JavaScript function: \[.*(memory|disposed|timed out).*\]$/i);
    expect(e.enrich(testInput(pageView()))?.contexts).toHaveLength(1);
  });

  test('huge output is bounded → failure, not a giant line', async () => {
    const e = await script(`function process() { return [{ schema: 'iglu:x/y/jsonschema/1-0-0', data: { s: new Array(2e6).join('x') } }]; }`);
    expect(failureOf(e.enrich(testInput(pageView())))).toMatch(/output of \d+ characters exceeds the limit of 1000000/);
  });

  test('no host access: process, require, module, constructor escapes, timers', async () => {
    const e = await script(`
      function process(event) {
        var probes = {};
        function probe(name, f) { try { probes[name] = String(f()); } catch (err) { probes[name] = 'threw'; } }
        probe('require', function () { return typeof require; });
        probe('module', function () { return typeof module; });
        probe('setTimeout', function () { return typeof setTimeout; });
        probe('fetch', function () { return typeof fetch; });
        // \`process\` inside the sandbox is the script's own function: a host object would have env/versions/binding.
        probe('ctorProcess', function () { return ({}).constructor.constructor('return typeof process.env')(); });
        probe('fnProcess', function () { var p = Function('return this')().process; return p.versions === undefined && p.binding === undefined ? 'own' : 'host'; });
        probe('eventCtor', function () { return event.getApp_id.constructor('return typeof require')(); });
        probe('mainModule', function () { return typeof process.mainModule; });
        probe('importMeta', function () { return typeof globalThis.Buffer; });
        return [{ schema: 'iglu:x/probe/jsonschema/1-0-0', data: probes }];
      }`);
    const data = e.enrich(testInput(pageView()))?.contexts?.[0].data;
    expect(data).toEqual({
      require: 'undefined',
      module: 'undefined',
      setTimeout: 'undefined',
      fetch: 'undefined',
      ctorProcess: 'undefined',
      fnProcess: 'own',
      eventCtor: 'undefined',
      mainModule: 'undefined',
      importMeta: 'undefined',
    });
  });

  test('a script that calls host APIs at top level fails at start-up, clearly', async () => {
    await expect(startup({ script: b64('require("fs"); function process() {}') })).rejects.toThrow(
      /enrichments\/js.json \(javascript_script_config\): the script cannot be started: .*require is not defined/,
    );
  });

  test('a top-level throw of a hostile object cannot run code in the host', async () => {
    const hostile = 'throw new Proxy({}, { get: function () { while (true) {} }, getOwnPropertyDescriptor: function () { while (true) {} } });';
    await expect(startup({ script: b64(hostile) })).rejects.toThrow(/the script cannot be started: .*timed out/);
    const e = await script(`function process() { throw { get message() { while (true) {} } }; }`);
    expect(failureOf(e.enrich(testInput(pageView())))).toMatch(/Error during execution of JavaScript function: \[.*\]/);
  });

  test('the script cannot hijack the host’s input handoff', async () => {
    const e = await script(`
      try { Object.defineProperty(globalThis, '__sleetInput', { set: function () { while (true) {} } }); } catch (err) {}
      try { Object.defineProperty(globalThis, '__sleetRunProcess', { value: function () { return 'x'; } }); } catch (err) {}
      function process(event) { return [{ schema: 'iglu:x/y/jsonschema/1-0-0', data: { a: event.getApp_id() } }]; }`);
    expect(e.enrich(testInput(pageView()))?.contexts?.[0].data).toEqual({ a: 'shop' });
  });

  test('malformed results: not an array, not self-describing, bad setter values, cyclic', async () => {
    const cases: Array<[string, RegExp]> = [
      ['return { schema: "iglu:x/y/jsonschema/1-0-0", data: {} };', /^JavaScript function output was not read as an array of self-describing JSONs \(got \[object Object\]\)$/],
      ['return "text";', /not read as an array .*got \[object String\]/],
      ['return [{ data: 1 }];', /^JavaScript function output: element 0 is not self-describing JSON/],
      ['event.setPage_urlport("eighty"); return null;', /setPage_urlport: expected a 32-bit integer, got "eighty"/],
      ['event.setDvce_created_tstamp("yesterday"); return null;', /setDvce_created_tstamp: expected a timestamp/],
      ['event.setContexts("{not json"); return null;', /setContexts: not valid JSON/],
      ['var a = []; a.push(a); return a;', /cyclic|circular/i],
    ];
    for (const [body, message] of cases) {
      const e = await script(`function process(event) { ${body} }`);
      const ev = pageView();
      const before = JSON.stringify(ev);
      expect(failureOf(e.enrich(testInput(ev)))).toMatch(message);
      expect(JSON.stringify(ev)).toBe(before);
    }
  });

  test('string values set by the script are made TSV-safe', async () => {
    const e = await script(`function process(event) { event.setApp_id('a\\tb\\nc'); event.setUser_id(''); return null; }`);
    const ev = pageView();
    e.enrich(testInput(ev));
    expect([ev.app_id, ev.user_id]).toEqual(['a    bc', null]);
  });

  test('start-up errors name the file and the problem', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /parameters.script must be the base64-encoded JavaScript source/],
      [{ script: '!!!' }, /parameters.script is not base64/],
      [{ script: b64('function process( {') }, /the script cannot be started: .*SyntaxError|Unexpected/],
      [{ script: b64('var x = 1;') }, /must define a function process\(event, params, headers\)/],
      [{ script: b64('while (true) {}') }, /the script cannot be started: .*timed out/],
      [{ script: b64('function process() {}'), config: [1] }, /parameters.config must be an object/],
      [{ script: b64('function process() {}'), extra: 1 }, /unknown parameter "extra"/],
    ];
    for (const [params, message] of cases) {
      const created = startup(params);
      await expect(created).rejects.toThrow(EnrichmentConfigError);
      await expect(created).rejects.toThrow(message);
    }
  });

  test('top-level const process works; url-safe base64 accepted', async () => {
    const source = 'const process = (event) => [{ schema: "iglu:x/y/jsonschema/1-0-0", data: { a: event.getApp_id() } }];';
    const config = parseJavascriptScriptConfig({ script: Buffer.from(source).toString('base64url') }, 'f');
    const e = createJavascriptScript(config, SCHEMA, { engine });
    open.push(e);
    expect(e.enrich(testInput(pageView()))?.contexts?.[0].data).toEqual({ a: 'shop' });
  });
});

describe('javascriptScriptFactory', () => {
  test('prefers isolated-vm and reports the engine; config errors name the file', async () => {
    const e = await javascriptScriptFactory.create({ script: b64('function process() { return null; }') }, testFactoryContext(), SCHEMA);
    open.push(e);
    expect((e as Enrichment & { engine: string }).engine).toBe('isolated-vm');
    const bad = javascriptScriptFactory.create({ script: b64('function process( {') }, testFactoryContext('enrichments/js.json'), SCHEMA);
    await expect(bad).rejects.toThrow(/enrichments\/js.json \(javascript_script_config\): the script cannot be started/);
  });
});
