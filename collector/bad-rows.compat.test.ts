/**
 * Compatibility tier (needs ../shared): the collector's size_violation bad rows validate against Iglu Central's
 * `com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload } from '../common/thrift';
import { COLLECTOR_PROCESSOR } from './app';
import { payloadToRecords } from './payload/split-payload';

const SCHEMA = join(__dirname, '..', '..', 'shared', 'iglu-central', 'schemas', 'com.snowplowanalytics.snowplow.badrows', 'size_violation', 'jsonschema', '1-0-0');

describe('collector bad rows against Iglu Central', () => {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  const validate = new Ajv04({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  const base: CollectorPayload = { schema: COLLECTOR_PAYLOAD_SCHEMA, ipAddress: '127.0.0.1', timestamp: Date.now(), encoding: 'UTF-8', collector: 'sleet', path: '/com.acme/v1', querystring: '', headers: ['Host: x'] };

  it.each([
    ['GET too big', { ...base, path: '/i', querystring: 'q='.repeat(2000) }],
    ['above maxPayloadBytes', { ...base, body: 'x'.repeat(20_000) }],
    ['not JSON', { ...base, body: '{'.repeat(3000) }],
    ['event too big', { ...base, body: JSON.stringify({ schema: 's', data: [{ big: 'y'.repeat(5000) }] }) }],
  ])('%s', (_name, payload) => {
    const { bad } = payloadToRecords(payload, { maxRecordBytes: 2000, maxPayloadBytes: 10_000 }, Date.now(), COLLECTOR_PROCESSOR);
    expect(bad).toHaveLength(1);
    expect(bad[0].schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0');
    const ok = validate(bad[0].data);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});
