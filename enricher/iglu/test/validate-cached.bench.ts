/**
 * Micro-benchmark of the validation hot path: `validateCached` on warm schemas, against the bare compiled ajv
 * function (the floor) and JSON.parse+stringify of the same data (the pipeline's usual baseline), same run.
 *
 *   node bin/run-ts.js enricher/iglu/test/validate-cached.bench.ts
 *
 * Uses ../shared/iglu-central when present (served by the test static registry), else small local schemas.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startIgluStaticServer } from '../../../test/harness/iglu-static-server';
import { createSchemaEngine } from '../ajv-setup';
import { createIgluValidator } from '../create-iglu-validator';
import { resolverConfig } from './schema-fixtures';

const SP = 'iglu:com.snowplowanalytics.snowplow';
const webPage = { id: '984f40b1-a2e0-46aa-b67d-d84affec5936' };
const ua = {
  useragentFamily: 'Chrome',
  useragentMajor: '124',
  useragentMinor: '0',
  useragentPatch: '6367',
  useragentVersion: 'Chrome 124.0.6367',
  osFamily: 'Windows',
  osMajor: '10',
  osMinor: null,
  osPatch: null,
  osPatchMinor: null,
  osVersion: 'Windows 10',
  deviceFamily: 'Other',
};
const contexts = [
  { schema: `${SP}/web_page/jsonschema/1-0-0`, data: webPage },
  { schema: `${SP}/ua_parser_context/jsonschema/1-0-0`, data: ua },
];
const payload = [
  {
    e: 'pv',
    url: 'http://localhost:33131/?collector=http%3A%2F%2Flocalhost%3A36469&method=post',
    page: 'Test page',
    eid: 'e148e377-39f6-4452-85e9-c97e1843ccd4',
    tv: 'js-4.10.1',
    tna: 'sp1',
    aid: 'web-test',
    p: 'web',
    cookie: '1',
    cs: 'UTF-8',
    lang: 'en-US',
    res: '1280x720',
    cd: '24',
    tz: 'UTC',
    dtm: '1795304254844',
    vp: '1280x720',
    ds: '1280x720',
    vid: '1',
    sid: '12777f30-4c16-4fdc-9c78-22f14ae4d407',
    duid: 'f55e87c2-75de-4fd1-9471-dbc2bd6ce437',
    stm: '1795304254870',
  },
];

function measure(name: string, iterations: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) fn(i);
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < iterations; i++) if (fn(i) !== undefined) sink++;
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = iterations / secs;
  process.stdout.write(`${name.padEnd(58)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} ops/s  (${sink === iterations ? 'ok' : 'sink'})\n`);
  return rate;
}

async function main(): Promise<void> {
  const shared = resolve(__dirname, '../../../../shared/iglu-central');
  if (!existsSync(shared)) throw new Error(`needs ${shared}`);
  const server = await startIgluStaticServer({ root: shared });
  try {
    const v = createIgluValidator(resolverConfig([{ name: 'central', http: server.uri }], { cacheTtl: 600 }), { bundledSchemasDir: false });
    const cases: Array<[string, string, unknown]> = [
      ['web_page entity (uuid pattern)', `${SP}/web_page/jsonschema/1-0-0`, webPage],
      ['ua_parser_context (12 fields)', `${SP}/ua_parser_context/jsonschema/1-0-0`, ua],
      ['contexts wrapper, 2 entities', `${SP}/contexts/jsonschema/1-0-0`, contexts],
      ['payload_data 1-0-4, 21 params', `${SP}/payload_data/jsonschema/1-0-4`, payload],
    ];
    for (const [, uri, data] of cases) await v.validate(uri, data);
    const n = 2_000_000;
    process.stdout.write(`node ${process.version}, ${n.toLocaleString('en-US')} iterations per case\n`);
    let total = 0;
    for (const [name, uri, data] of cases) {
      const bare = createSchemaEngine();
      const schema = await v.lookupSchema(uri);
      delete (schema as Record<string, unknown>).$schema;
      const fn = bare.ajv.compile(schema as object);
      const text = JSON.stringify(data);
      const floor = measure(`  bare ajv function: ${name}`, n, () => fn(data));
      const ours = measure(`  validateCached:    ${name}`, n, () => v.validateCached(uri, data));
      const json = measure(`  JSON.parse+stringify of the same data`, n / 4, () => JSON.stringify(JSON.parse(text)));
      process.stdout.write(`    validateCached / bare ajv = ${(ours / floor).toFixed(2)}, validateCached / JSON round trip = ${(ours / json).toFixed(1)}\n`);
      total += 1 / ours;
    }
    // One event = unstruct-less page view: payload_data + contexts wrapper + 2 entities.
    const perEvent = 1 / (1 / measure('  event: payload_data + contexts + web_page + ua (4 calls)', n / 4, () => {
      v.validateCached(cases[3]![1], payload);
      v.validateCached(cases[2]![1], contexts);
      v.validateCached(cases[0]![1], webPage);
      return v.validateCached(cases[1]![1], ua);
    }));
    process.stdout.write(`  per-case average ${Math.round(cases.length / total).toLocaleString('en-US')} validations/s; ${Math.round(perEvent).toLocaleString('en-US')} events/s validation-only\n`);
    const bad = { ...ua, useragentMajor: 124 };
    measure('  validateCached, invalid data (error report built)', n / 10, () => v.validateCached(cases[1]![1], bad));
    process.stdout.write(`  rss ${Math.round(process.memoryUsage().rss / 1e6)} MB\n`);
  } finally {
    await server.close();
  }
}

void main();
