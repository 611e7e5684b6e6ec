/**
 * Writes every collector response the same way: the route's headers in Snowplow's order, then
 * Strict-Transport-Security (when enabled), Date and Content-Length, as Blaze does (spec/collector.md §1.10).
 * Node adds Connection / Keep-Alive after them. Also counts the request in the metrics.
 */
import type { ServerResponse } from 'node:http';
import type { CollectorMetrics, RequestRouteLabel } from '../metrics';
import { HttpDateCache } from './http-date';

export class ResponseWriter {
  readonly #dates = new HttpDateCache();
  readonly #hsts: string | undefined;

  constructor(
    hsts: { enabled: boolean; maxAgeSecs: number },
    readonly metrics: CollectorMetrics,
    readonly closing: () => boolean,
  ) {
    this.#hsts = hsts.enabled ? `max-age=${hsts.maxAgeSecs}; includeSubDomains` : undefined;
  }

  /**
   * @param headers flat `[name, value, name, value…]` list, in order; extended in place.
   * @param close   ask the client to close the connection (unread body, shutting down).
   */
  send(res: ServerResponse, status: number, headers: string[], body: Buffer, route: RequestRouteLabel, close = false): void {
    this.metrics.request(route, status);
    if (res.headersSent || res.writableEnded) return;
    if (this.#hsts !== undefined) headers.push('Strict-Transport-Security', this.#hsts);
    headers.push('Date', this.#dates.text(Date.now()), 'Content-Length', String(body.length));
    if (close || this.closing()) headers.push('Connection', 'close');
    res.sendDate = false;
    // Mounted in express, the app has already set X-Powered-By: noise on a tracking endpoint (spec §11).
    if (res.hasHeader('x-powered-by')) res.removeHeader('x-powered-by');
    res.writeHead(status, headers);
    res.end(body);
  }
}
