/**
 * Logs are pino JSON without cookies or client IPs, whatever the request carries — also on the error paths.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from '../common/logger';
import { rawRequest, requestText, startTestCollector } from './test/harness';

const NUID = 'c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1e';
const IP = '203.0.113.77';

describe('collector logs', () => {
  it('never contain cookie values or client IPs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    const log = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    const c = await startTestCollector({ enableDefaultRedirect: true, redirectDomains: ['shop.example'], ack: { maxInFlightBytes: 65_536 } }, { log });
    try {
      const headers: Array<[string, string]> = [['Cookie', `sp=${NUID}; session=secret-value`], ['X-Forwarded-For', IP], ['Origin', 'https://shop.example']];
      await rawRequest(c.port, requestText('GET', `/i?nuid=${NUID}`, headers));
      await rawRequest(c.port, requestText('POST', '/com.acme/v1', headers, 'z'.repeat(70_000)));
      c.good.health.set(false);
      await rawRequest(c.port, requestText('POST', '/com.acme/v1', headers, '{}'));
      await rawRequest(c.port, requestText('GET', `/r/tp2?u=${encodeURIComponent('https://shop.example/')}`, headers));
      c.good.health.set(true);
      await rawRequest(c.port, requestText('GET', 'http://[::1', headers));
    } finally {
      await c.close();
    }
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    for (const secret of [NUID, 'secret-value', IP, 'session=']) expect(all).not.toContain(secret);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
