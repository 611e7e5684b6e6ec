/**
 * One visitor's journey in headless Chromium: a search results page → the ad (a campaign URL with utm_* and gclid)
 * → campaign site 1, active for a few seconds (page pings) → the link to site 2 on another origin, decorated by the
 * cross-domain linker → "add to basket" on site 2.
 *
 * Every request the page sends to the collector is observed at the browser level (not intercepted), so the test
 * knows each event id the tracker sent, and which collector host it went to.
 */
import { Request } from 'playwright-core';
import { launchFreshBrowser, visitorUserAgent } from './chromium';
import { PAGE_READY_FLAG } from '../sites/site-config';

export interface JourneyUrls {
  /** The search results page that shows the ad. */
  readonly searchPage: string;
  /** Origins of the collector as each site uses it, e.g. `http://localhost:P` and `http://127.0.0.1:P`. */
  readonly collectorOrigins: readonly string[];
}

export interface BrowserEvent {
  readonly eventId: string;
  /** Tracker protocol event code: pv, pp, se, ue. */
  readonly e: string;
  readonly trackerNamespace: string;
  /** The collector host the event was posted to (localhost or 127.0.0.1). */
  readonly collectorHost: string;
  /** The raw tracker parameters as posted (every value a string). */
  readonly params: Readonly<Record<string, string>>;
}

export interface BrowserJourney {
  readonly events: BrowserEvent[];
  /** Value of the collector's `sp` cookie as stored by the browser, per host. */
  readonly collectorCookies: Readonly<Record<string, string | undefined>>;
  /** URLs the visitor landed on. */
  readonly landingUrl: string;
  readonly storeUrl: string;
  /** document.referrer on the landing page (the search URL when the referrer policy lets it through). */
  readonly landingReferrer: string;
  /** navigator.userAgent of the browser (what the collector records as `useragent`). */
  readonly userAgent: string;
  /** Non-2xx answers or failed requests to the collector. */
  readonly collectorFailures: string[];
  /**
   * Requests the page saw aborted because it navigated away while they were in flight (the link click). They are
   * sent with `keepalive`, so the browser still delivers them; whether they arrived is what the S3 checks decide.
   */
  readonly abortedByNavigation: string[];
  readonly consoleErrors: string[];
}

interface PayloadData {
  readonly schema: string;
  readonly data: Array<Record<string, string>>;
}

const QUIET_MS = 1_500;

export async function runBrowserJourney(urls: JourneyUrls): Promise<BrowserJourney> {
  const browser = await launchFreshBrowser({ userAgent: visitorUserAgent() });
  const events: BrowserEvent[] = [];
  const collectorFailures: string[] = [];
  const abortedByNavigation: string[] = [];
  const consoleErrors: string[] = [];
  const pending = new Set<Request>();
  const statusChecks: Array<Promise<void>> = [];
  let lastActivity = Date.now();
  const isCollector = (url: string) => urls.collectorOrigins.some((o) => url.startsWith(`${o}/`));
  try {
    const { context } = browser;
    context.on('request', (request) => {
      if (!isCollector(request.url())) return;
      pending.add(request);
      lastActivity = Date.now();
      if (request.method() !== 'POST') return;
      const body = JSON.parse(request.postData() ?? '{}') as PayloadData;
      const collectorHost = new URL(request.url()).hostname;
      for (const params of body.data ?? []) {
        events.push({ eventId: params.eid, e: params.e, trackerNamespace: params.tna, collectorHost, params });
      }
    });
    context.on('requestfinished', (request) => {
      if (!pending.delete(request)) return;
      lastActivity = Date.now();
      statusChecks.push(
        request.response().then((response) => {
          const status = response?.status() ?? 0;
          if (status < 200 || status > 299) collectorFailures.push(`${request.method()} ${request.url()} → ${status}`);
        }),
      );
    });
    context.on('requestfailed', (request) => {
      if (!pending.delete(request)) return;
      lastActivity = Date.now();
      const error = request.failure()?.errorText ?? '?';
      const what = `${request.method()} ${request.url()} failed: ${error}`;
      (error === 'net::ERR_ABORTED' ? abortedByNavigation : collectorFailures).push(what);
    });

    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    const pageReady = () => page.waitForFunction(`window.${PAGE_READY_FLAG} === true`, undefined, { timeout: 10_000 });

    await page.goto(urls.searchPage);
    await Promise.all([page.waitForURL(/spring-sale/), page.click('#ad')]);
    await pageReady();
    const landingUrl = page.url();
    const landingReferrer = String(await page.evaluate('document.referrer'));
    const userAgent = String(await page.evaluate('navigator.userAgent'));

    // Be active for ~3 s: with minimumVisitLength 1 s and heartbeatDelay 1 s the tracker sends page pings.
    for (let i = 0; i < 8; i++) {
      await page.mouse.move(20 + i * 30, 120 + i * 15);
      await page.mouse.wheel(0, 150);
      await page.waitForTimeout(400);
    }

    await Promise.all([page.waitForURL(/trail-runner-2/), page.click('#to-store')]);
    await pageReady();
    const storeUrl = page.url();
    await page.click('#add-to-basket');
    const sentBasket = () => events.some((e) => e.e === 'se' && e.params.se_ca === 'basket');
    for (let i = 0; i < 100 && !sentBasket(); i++) await page.waitForTimeout(100);
    // Leave the store page so activity tracking stops sending page pings, then let in-flight requests finish.
    await page.goto('about:blank');

    // Settle: nothing in flight to the collector and nothing new for a while.
    const deadline = Date.now() + 15_000;
    while ((pending.size > 0 || Date.now() - lastActivity < QUIET_MS) && Date.now() < deadline) {
      await page.waitForTimeout(100);
    }
    if (pending.size > 0) collectorFailures.push(`${pending.size} collector request(s) still pending after 15 s`);
    await Promise.all(statusChecks);

    const cookies = await context.cookies();
    const collectorCookies: Record<string, string | undefined> = {};
    for (const origin of urls.collectorOrigins) {
      const host = new URL(origin).hostname;
      collectorCookies[host] = cookies.find((c) => c.name === 'sp' && c.domain === host)?.value;
    }
    return {
      events,
      collectorCookies,
      landingUrl,
      storeUrl,
      landingReferrer,
      userAgent,
      collectorFailures,
      abortedByNavigation,
      consoleErrors,
    };
  } finally {
    await browser.close();
  }
}
