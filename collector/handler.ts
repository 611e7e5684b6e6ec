/**
 * The collector's request handler over plain node:http req/res: route (spec/collector.md §1.1), then answer.
 * The standalone server calls it for every request; the express Router calls it with `fallthrough` so that paths
 * the collector does not serve go on to the host application.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../common/logger';
import type { CollectorConfig } from './config/schema';
import type { RecordGate } from './ingest/record-gate';
import { allowOriginValue, parseOriginHeader } from './http/origin';
import { parseRequestTarget } from './http/request-target';
import type { ResponseWriter } from './http/respond';
import {
  BODY_INTERNAL_ERROR,
  BODY_NOT_FOUND,
  BODY_OK,
  BODY_REDIRECTS_DISABLED,
  BODY_ROBOTS,
  BODY_SERVICE_UNAVAILABLE,
  crossDomainXml,
  EMPTY,
  TEXT_PLAIN_UTF8,
  TEXT_XML,
} from './http/responses';
import { createRouter, Route } from './http/routes';
import type { TrackingHandler } from './tracking';

export interface HandlerDeps {
  readonly config: CollectorConfig;
  readonly tracking: TrackingHandler;
  readonly gate: RecordGate;
  readonly writer: ResponseWriter;
  readonly log: Logger;
  /** Prometheus text when metrics are served on the main port. */
  readonly metricsText?: () => Promise<{ contentType: string; body: string }>;
}

export class CollectorHandler {
  readonly #d: HandlerDeps;
  readonly #route: (method: string, path: string) => Route;
  readonly #crossDomain: Buffer;
  readonly #rootBody: Buffer;
  readonly #rootHeaders: readonly string[];
  readonly #preflight: readonly string[];
  #stopping = false;

  constructor(deps: HandlerDeps) {
    const c = deps.config;
    this.#d = deps;
    this.#route = createRouter({
      enableDefaultRedirect: c.enableDefaultRedirect,
      paths: c.paths,
      rootEnabled: c.rootResponse.enabled,
      crossDomainEnabled: c.crossDomain.enabled,
      metricsPath: deps.metricsText === undefined ? null : c.metrics.path,
    });
    this.#crossDomain = crossDomainXml(c.crossDomain.domains, c.crossDomain.secure);
    this.#rootBody = Buffer.from(c.rootResponse.body);
    const rootHeaders = Object.entries(c.rootResponse.headers).flat();
    if (this.#rootBody.length > 0 && !Object.keys(c.rootResponse.headers).some((h) => h.toLowerCase() === 'content-type')) {
      rootHeaders.push('Content-Type', TEXT_PLAIN_UTF8);
    }
    this.#rootHeaders = rootHeaders;
    this.#preflight = [
      'Access-Control-Allow-Credentials',
      'true',
      'Access-Control-Allow-Headers',
      'Content-Type, SP-Anonymous',
      'Access-Control-Max-Age',
      String(c.cors.accessControlMaxAgeSecs),
    ];
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** From now on tracking requests get 503 and every response closes its connection. */
  startStopping(): void {
    this.#stopping = true;
  }

  /** Answers the request; returns false (nothing written) when `fallthrough` and no collector route matches. */
  handle(req: IncomingMessage, res: ServerResponse, fallthrough = false): boolean {
    try {
      return this.#dispatch(req, res, fallthrough);
    } catch (err) {
      this.#d.log.error({ err }, 'request handler failed');
      if (!res.headersSent) this.#d.writer.send(res, 500, ['Content-Type', TEXT_PLAIN_UTF8], BODY_INTERNAL_ERROR, 'bad-request', true);
      return true;
    }
  }

  #dispatch(req: IncomingMessage, res: ServerResponse, fallthrough: boolean): boolean {
    const w = this.#d.writer;
    const url = req.url ?? '/';
    const target = url.length > this.#d.config.networking.maxRequestLineBytes ? undefined : parseRequestTarget(url);
    if (target === undefined) {
      // 1.9: not an RFC 3986 request-target (or too long): 400, empty, connection closed, nothing stored.
      w.send(res, 400, [], EMPTY, 'bad-request', true);
      return true;
    }
    const route = this.#route(req.method ?? 'GET', target.path);
    switch (route.kind) {
      case 'tracking':
        if (this.#stopping) this.#d.tracking.unavailableWhileStopping(req, res, route);
        else this.#d.tracking.handle(req, res, route, target);
        return true;
      case 'preflight':
        w.send(res, 200, ['Access-Control-Allow-Origin', allowOriginValue(parseOriginHeader(req.headers.origin)), ...this.#preflight], EMPTY, 'preflight');
        return true;
      case 'redirects-disabled':
        w.send(res, 404, ['Content-Type', TEXT_PLAIN_UTF8], BODY_REDIRECTS_DISABLED, 'redirects-disabled');
        return true;
      case 'health':
        w.send(res, 200, ['Content-Type', TEXT_PLAIN_UTF8], BODY_OK, 'health');
        return true;
      case 'sink-health':
        if (this.#d.gate.healthy()) w.send(res, 200, ['Content-Type', TEXT_PLAIN_UTF8], BODY_OK, 'sink-health');
        else w.send(res, 503, ['Content-Type', TEXT_PLAIN_UTF8], BODY_SERVICE_UNAVAILABLE, 'sink-health');
        return true;
      case 'robots':
        w.send(res, 200, ['Content-Type', TEXT_PLAIN_UTF8], BODY_ROBOTS, 'robots');
        return true;
      case 'crossdomain':
        w.send(res, 200, ['Content-Type', TEXT_XML], this.#crossDomain, 'crossdomain');
        return true;
      case 'root':
        w.send(res, this.#d.config.rootResponse.statusCode, [...this.#rootHeaders], this.#rootBody, 'root');
        return true;
      case 'metrics':
        this.#metrics(res);
        return true;
      case 'not-found':
        if (fallthrough) return false;
        w.send(res, 404, ['Content-Type', TEXT_PLAIN_UTF8], BODY_NOT_FOUND, 'not-found');
        return true;
    }
  }

  #metrics(res: ServerResponse): void {
    this.#d.metricsText!().then(
      (m) => this.#d.writer.send(res, 200, ['Content-Type', m.contentType], Buffer.from(m.body), 'metrics'),
      (err: unknown) => {
        this.#d.log.error({ err }, 'metrics collection failed');
        this.#d.writer.send(res, 500, [], EMPTY, 'metrics');
      },
    );
  }
}
