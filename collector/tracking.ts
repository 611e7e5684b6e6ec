/**
 * One tracking request (pixel, POST, redirect), from the raw request to the answer (spec/collector.md §1.2):
 * identity → CollectorPayload → records → sinks (through the gate) → response. Plain functions over node:http
 * req/res: this is the hot path, served directly by the standalone server and wrapped by the express Router.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Processor } from '../common/bad-rows';
import type { Logger } from '../common/logger';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload } from '../common/thrift';
import type { CollectorConfig } from './config/schema';
import { readBody } from './http/body';
import { HttpDateCache } from './http/http-date';
import { allowOriginValue, parseOriginHeader } from './http/origin';
import type { RequestTarget } from './http/request-target';
import type { ResponseWriter } from './http/respond';
import { BODY_BODY_CONSUMED, BODY_INTERNAL_ERROR, BODY_OK, BODY_SERVICE_UNAVAILABLE, EMPTY, IMAGE_GIF, NO_CACHE, PIXEL_GIF, TEXT_PLAIN, TEXT_PLAIN_UTF8 } from './http/responses';
import type { TrackingRoute } from './http/routes';
import { bounceLocation, isBouncing } from './identity/cookie-bounce';
import { chooseCookieDomain } from './identity/cookie-domain';
import { doNotTrackTest, DoNotTrackTest } from './identity/do-not-track';
import { NetworkUserId, resolveNetworkUserId } from './identity/network-user-id';
import { findCookie } from './identity/request-cookies';
import { CookieRenderer } from './identity/set-cookie';
import type { InFlightBudget } from './ingest/in-flight-budget';
import type { Admission, RecordGate } from './ingest/record-gate';
import type { CollectorMetrics, UnavailableReason } from './metrics';
import { clientIp, UNKNOWN_IP } from './payload/client-ip';
import { decodeBody, normaliseContentType } from './payload/content-type';
import { hostName, scanRequestHeaders } from './payload/request-headers';
import { payloadToRecords, SizeLimits } from './payload/split-payload';
import { RedirectPolicy } from './redirect';
import type { SinkRecord } from './sinks/sink';

export interface TrackingDeps {
  readonly config: CollectorConfig;
  readonly gate: RecordGate;
  readonly budget: InFlightBudget;
  readonly writer: ResponseWriter;
  readonly metrics: CollectorMetrics;
  readonly log: Logger;
  /** The `collector` field of every payload (COLLECTOR_VERSION_KINESIS). */
  readonly collectorName: string;
  readonly processor: Processor;
}

export class TrackingHandler {
  readonly #d: TrackingDeps;
  readonly #c: CollectorConfig;
  readonly #limits: SizeLimits;
  readonly #network: CookieRenderer;
  readonly #client: CookieRenderer | undefined;
  readonly #expiresDates = new HttpDateCache();
  readonly #doNotTrack: DoNotTrackTest;
  readonly #redirects: RedirectPolicy;
  readonly #forwardedProtoHeader: string | undefined;
  readonly #retryAfter: string;
  #lastRedirectDropLog = 0;

  constructor(deps: TrackingDeps) {
    const c = deps.config;
    this.#d = deps;
    this.#c = c;
    this.#limits = { maxRecordBytes: c.sink.maxRecordBytes, maxPayloadBytes: c.networking.maxPayloadBytes };
    this.#network = new CookieRenderer(c.cookie.name, c.cookie);
    this.#client = c.cookie.clientCookieName === null ? undefined : new CookieRenderer(c.cookie.clientCookieName, c.cookie, false);
    this.#doNotTrack = doNotTrackTest(c.doNotTrackCookie);
    this.#redirects = new RedirectPolicy(c.redirectDomains);
    this.#forwardedProtoHeader = c.cookieBounce.forwardedProtocolHeader?.toLowerCase();
    this.#retryAfter = String(c.ack.retryAfterSecs);
  }

  handle(req: IncomingMessage, res: ServerResponse, route: TrackingRoute, target: RequestTarget): void {
    if (req.method !== 'POST') {
      this.#track(req, res, route, target, undefined);
      return;
    }
    readBody(req, this.#c.networking.dropPayloadBytes, this.#d.budget, (outcome) => {
      switch (outcome.kind) {
        case 'body':
          try {
            this.#track(req, res, route, target, outcome.body);
          } catch (err) {
            this.#failed(res, route, err);
          } finally {
            this.#d.budget.release(outcome.reservedBytes);
          }
          return;
        case 'too-large':
          this.#d.writer.send(res, 413, [], EMPTY, route.label, true);
          return;
        case 'over-capacity':
          this.#unavailable(res, route, allowOriginValue(parseOriginHeader(req.headers.origin)), 'over-capacity', true);
          return;
        case 'consumed':
          // A misconfiguration (express.json() & co. mounted before the collector), not the tracker's fault: loud.
          this.#d.log.error({ path: route.path }, 'request body already parsed by another middleware: mount the collector before body parsers');
          this.#d.writer.send(res, 500, ['Content-Type', TEXT_PLAIN_UTF8], BODY_BODY_CONSUMED, route.label);
          return;
        case 'aborted':
          return;
      }
    });
  }

  /** 503 + Retry-After with the CORS headers, so that browser trackers see the status and retry. */
  #unavailable(res: ServerResponse, route: TrackingRoute, allowOrigin: string, reason: UnavailableReason, close = false): void {
    this.#d.metrics.unavailable(reason);
    const headers = ['Access-Control-Allow-Origin', allowOrigin, 'Access-Control-Allow-Credentials', 'true', 'Retry-After', this.#retryAfter, 'Content-Type', TEXT_PLAIN_UTF8];
    this.#d.writer.send(res, 503, headers, BODY_SERVICE_UNAVAILABLE, route.label, close);
  }

  unavailableWhileStopping(req: IncomingMessage, res: ServerResponse, route: TrackingRoute): void {
    this.#unavailable(res, route, allowOriginValue(parseOriginHeader(req.headers.origin)), 'stopping', true);
  }

  #track(req: IncomingMessage, res: ServerResponse, route: TrackingRoute, target: RequestTarget, body: Buffer | undefined): void {
    const c = this.#c;
    const now = Date.now();
    const facts = scanRequestHeaders(req.rawHeaders, this.#forwardedProtoHeader);
    const origins = parseOriginHeader(facts.origin);
    const allowOrigin = allowOriginValue(origins);
    const cookieValue = facts.cookie === undefined ? undefined : findCookie(facts.cookie, c.cookie.name);
    const doNotTrack = this.#doNotTrack(facts.cookie);
    let nuid: NetworkUserId = resolveNetworkUserId({ anonymous: facts.anonymous, query: target.query, cookieValue });

    let bounce = false;
    if (c.cookieBounce.enabled && nuid.source === 'new' && route.pixelExpected && !route.redirect) {
      if (isBouncing(target.query, c.cookieBounce.name)) nuid = { value: c.cookieBounce.fallbackNetworkUserId, source: 'param' };
      else bounce = true;
    }

    // 1.10: Set-Cookie (network, client), Cache-Control, ACAO, ACAC, Location, Content-Type.
    const headers: string[] = [];
    if (c.cookie.enabled && !doNotTrack) this.#cookies(headers, now, facts.anonymous, cookieValue !== undefined, nuid.value, origins);
    if (route.pixelExpected) headers.push('Cache-Control', NO_CACHE);
    headers.push('Access-Control-Allow-Origin', allowOrigin, 'Access-Control-Allow-Credentials', 'true');

    if (bounce) {
      this.#d.metrics.notStored('cookie_bounce');
      headers.push('Location', bounceLocation(target, c.cookieBounce.name, facts.forwardedProto));
      this.#d.writer.send(res, 302, headers, EMPTY, route.label);
      return;
    }

    const location = route.redirect ? this.#redirects.target(target.query) : undefined;
    const respond = (): void => {
      if (route.redirect) {
        if (location === undefined) return this.#d.writer.send(res, 400, headers, EMPTY, route.label);
        headers.push('Location', location);
        return this.#d.writer.send(res, 302, headers, EMPTY, route.label);
      }
      if (route.pixelExpected) {
        headers.push('Content-Type', IMAGE_GIF);
        return this.#d.writer.send(res, 200, headers, PIXEL_GIF, route.label);
      }
      headers.push('Content-Type', TEXT_PLAIN);
      this.#d.writer.send(res, 200, headers, BODY_OK, route.label);
    };

    if (doNotTrack) {
      this.#d.metrics.notStored('do_not_track');
      respond();
      return;
    }

    const ip = clientIp(facts.anonymous, facts.xForwardedFor, req.socket.remoteAddress);
    const contentType = req.method === 'POST' && facts.contentType !== undefined ? normaliseContentType(facts.contentType) : undefined;
    if (contentType !== undefined) facts.list.push(contentType.normalised);
    const payload: CollectorPayload = {
      schema: COLLECTOR_PAYLOAD_SCHEMA,
      ipAddress: ip,
      timestamp: now,
      encoding: 'UTF-8',
      collector: this.#d.collectorName,
      userAgent: facts.userAgent,
      refererUri: facts.referer,
      path: route.path,
      querystring: target.query,
      body: body === undefined ? undefined : decodeBody(body, contentType?.charset),
      headers: facts.list,
      contentType: contentType?.normalised,
      hostname: hostName(target.authority ?? facts.host),
      networkUserId: nuid.value,
    };
    const split = payloadToRecords(payload, this.#limits, now, this.#d.processor);
    const partitionKey = c.sink.useIpAddressAsPartitionKey && ip !== UNKNOWN_IP ? ip : randomUUID();
    const good: SinkRecord[] = split.good.map((data) => ({ data, partitionKey }));
    const bad: SinkRecord[] = split.bad.map((row) => ({ data: Buffer.from(JSON.stringify(row)), partitionKey }));
    for (let i = 0; i < bad.length; i++) this.#d.metrics.badRow('size_violation');

    // A redirect answers at once: a click must not fail on a 503, and a browser would not retry it anyway.
    const admission = this.#d.gate.submit(good, bad, !route.redirect);
    const answer = (a: Admission): void => {
      if (a === 'stored' || a === 'queued') return respond();
      if (route.redirect) {
        this.#redirectNotStored(a);
        return respond();
      }
      this.#unavailable(res, route, allowOrigin, a);
    };
    if (typeof admission === 'string') answer(admission);
    else admission.then(answer).catch((err: unknown) => this.#failed(res, route, err));
  }

  /** A bug, not bad input: logged, answered 500 if nothing was sent yet, never a crash. */
  #failed(res: ServerResponse, route: TrackingRoute, err: unknown): void {
    this.#d.log.error({ err }, 'tracking request failed');
    if (!res.headersSent) this.#d.writer.send(res, 500, ['Content-Type', TEXT_PLAIN_UTF8], BODY_INTERNAL_ERROR, route.label, true);
  }

  #cookies(headers: string[], now: number, anonymous: boolean, hadCookie: boolean, nuid: string, origins: ReturnType<typeof parseOriginHeader>): void {
    const c = this.#c.cookie;
    const domain = chooseCookieDomain(origins, c.domains, c.fallbackDomain);
    if (anonymous) {
      // 2.4: no cookie for anonymous requests; one the browser already has is cleared.
      if (!hadCookie) return;
      const past = this.#expiresDates.text(now - c.expirationSecs * 1000);
      headers.push('Set-Cookie', this.#network.render('', past, domain));
      if (this.#client !== undefined) headers.push('Set-Cookie', this.#client.render('', past, domain));
      return;
    }
    const expires = this.#expiresDates.text(now + c.expirationSecs * 1000);
    headers.push('Set-Cookie', this.#network.render(nuid, expires, domain));
    if (this.#client !== undefined) headers.push('Set-Cookie', this.#client.render(nuid, expires, domain));
  }

  #redirectNotStored(reason: Admission): void {
    this.#d.metrics.notStored('redirect_not_accepted');
    const now = Date.now();
    if (now - this.#lastRedirectDropLog >= 1000) {
      this.#lastRedirectDropLog = now;
      this.#d.log.warn({ reason }, 'redirect answered without storing its event');
    }
  }
}
