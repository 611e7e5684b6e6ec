import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../../common/config/load-config';
import { configKeys } from './describe';
import { buildCollectorConfig, loadCollectorConfig } from './load';

const MINIMAL = join(__dirname, 'minimal.yaml');
const REFERENCE = join(__dirname, 'reference.yaml');

function problems(raw: unknown, env: Record<string, string> = {}): string[] {
  try {
    buildCollectorConfig(raw, 'test', env);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

describe('collector config', () => {
  it('loads minimal.yaml with every default filled in, frozen', () => {
    const c = loadCollectorConfig(MINIMAL);
    expect(c.sink.kinesis).toMatchObject({ region: 'eu-central-1', goodStream: 'raw', badStream: 'bad-1', maxRecordsPerCall: 500, maxBytesPerCall: 5 * 1024 * 1024 });
    expect(c.ack).toEqual({ mode: 'durable', maxInFlightBytes: 64 * 1024 * 1024, timeoutMs: 4000, retryAfterSecs: 5 });
    expect(c.cookie).toMatchObject({ name: 'sp', expirationSecs: 31_536_000, secure: true, httpOnly: true, sameSite: 'None' });
    expect(c.networking.keepAliveTimeoutSecs).toBeGreaterThan(60);
    expect(Object.isFrozen(c.cookie)).toBe(true);
  });

  it('reference.yaml loads and states every default exactly (it is the documentation of the defaults)', () => {
    const reference = loadCollectorConfig(REFERENCE, { SLEET_COLLECTOR_GOOD_STREAM: 'g', SLEET_COLLECTOR_BAD_STREAM: 'b' });
    const defaults = buildCollectorConfig({ sink: { kinesis: { goodStream: 'g', badStream: 'b' } } });
    expect(reference).toEqual(defaults);
  });

  it('reference.yaml lists every key of the schema', () => {
    const raw = parse(readFileSync(REFERENCE, 'utf8')) as Record<string, unknown>;
    for (const [path] of configKeys()) {
      const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], raw);
      expect([path, value !== undefined]).toEqual([path, true]);
    }
  });

  it('applies the environment overrides for port, streams, region and endpoint', () => {
    const c = loadCollectorConfig(MINIMAL, {
      SLEET_COLLECTOR_PORT: '9090',
      SLEET_COLLECTOR_GOOD_STREAM: 'prod-raw',
      SLEET_COLLECTOR_BAD_STREAM: 'prod-bad',
      SLEET_COLLECTOR_REGION: 'us-west-2',
      SLEET_COLLECTOR_KINESIS_ENDPOINT: 'http://127.0.0.1:4567',
    });
    expect([c.port, c.sink.kinesis.goodStream, c.sink.kinesis.badStream, c.sink.kinesis.region, c.sink.kinesis.endpoint]).toEqual([
      9090,
      'prod-raw',
      'prod-bad',
      'us-west-2',
      'http://127.0.0.1:4567',
    ]);
    expect(problems({}, { SLEET_COLLECTOR_PORT: 'http' })).toEqual(expect.arrayContaining([expect.stringMatching(/SLEET_COLLECTOR_PORT: expected integer/)]));
  });

  it('reports every problem at once with its key path', () => {
    const p = problems({
      port: 'x',
      cookie: { sameSite: 'Sometimes', name: 'a b', nope: 1 },
      ack: { mode: 'eventually' },
      paths: { '/one': '/com.x/tp2' },
      unknownKey: true,
    });
    expect(p).toEqual(
      expect.arrayContaining([
        'port: must be integer',
        'cookie.nope: unknown key',
        'unknownKey: unknown key',
        'cookie.sameSite: must be one of ["None","Lax","Strict"]',
        'ack.mode: must be one of ["durable","buffered"]',
        expect.stringMatching(/^cookie\.name: must match pattern/),
        expect.stringMatching(/^paths: property name must be valid|^paths/),
      ]),
    );
  });

  it('checks keys that depend on each other', () => {
    expect(problems({})).toEqual([
      expect.stringMatching(/^sink\.kinesis\.goodStream: required/),
      expect.stringMatching(/^sink\.kinesis\.badStream: required/),
    ]);
    const p = problems({
      sink: { type: 'file' },
      enableDefaultRedirect: true,
      networking: { headersTimeoutSecs: 60, requestTimeoutSecs: 30 },
      doNotTrackCookie: { enabled: true, name: 'dnt', value: '(' },
      cookie: { clientCookieName: 'sp' },
      metrics: { port: 8080 },
    });
    expect(p.map((s) => s.split(':')[0])).toEqual(['redirectDomains', 'networking.headersTimeoutSecs', 'doNotTrackCookie.value', 'cookie.clientCookieName', 'metrics.port']);
  });

  it('refuses header values that could split a header (root response) and Set-Cookie domains with odd characters', () => {
    const p = problems({ sink: { type: 'file' }, rootResponse: { headers: { Location: 'https://x\r\nSet-Cookie: a=1' } }, cookie: { domains: ['ok.example', 'bad domain; x=1'] } });
    expect(p).toEqual(expect.arrayContaining([expect.stringMatching(/^rootResponse\.headers\.Location: must match pattern/), expect.stringMatching(/^cookie\.domains\.1: must match pattern/)]));
  });
});
