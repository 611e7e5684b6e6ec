/**
 * Browser-side tracker set-up shared by both campaign sites: reads the page's config, creates a
 * `@snowplow/browser-tracker` tracker the way a site owner would (POST, credentials included, web_page context,
 * activity tracking, keepalive so the last event survives a navigation), and tracks link clicks.
 */
import {
  enableActivityTracking,
  newTracker,
  setUserId,
  trackSelfDescribingEvent,
} from '@snowplow/browser-tracker';
import { SITE_CONFIG_META, SiteConfig } from './site-config';

export function readSiteConfig(): SiteConfig {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${SITE_CONFIG_META}"]`);
  if (meta === null) throw new Error(`missing <meta name="${SITE_CONFIG_META}">`);
  return JSON.parse(meta.content) as SiteConfig;
}

export function startTracker(config: SiteConfig): void {
  const linkerHost = config.linkerTargetHost;
  newTracker(config.trackerNamespace, config.collectorUrl, {
    appId: config.appId,
    platform: 'web',
    eventMethod: 'post',
    bufferSize: 1,
    credentials: 'include',
    keepalive: true,
    encodeBase64: false,
    contexts: { webPage: true },
    ...(linkerHost === undefined
      ? {}
      : {
          crossDomainLinker: (link: HTMLAnchorElement | HTMLAreaElement) => link.hostname === linkerHost,
          useExtendedCrossDomainLinker: { userId: true, sessionId: true, sourceId: true, sourcePlatform: true, reason: true },
        }),
  });
  setUserId(config.userId);
  // Page pings every second once the visitor has been active for a second (test-speed values).
  enableActivityTracking({ minimumVisitLength: 1, heartbeatDelay: 1 });
}

const LINK_CLICK_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1';

/**
 * Link click tracking with the same event the link-click plugin sends (link_click 1-0-1). The plugin itself cannot be
 * installed next to browser-tracker 4.10.1: its newest 4.x release (4.6.8) pins `@snowplow/browser-tracker ~4.6.8`.
 * Registered on the document in the bubbling phase, so the cross-domain linker (a capturing listener on the link)
 * has already decorated the href: targetUrl carries `_sp`, exactly as with the plugin.
 */
export function trackLinkClicks(): void {
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('a') : null;
    if (target === null) return;
    const data: Record<string, unknown> = { targetUrl: target.href };
    if (target.id) data.elementId = target.id;
    if (target.classList.length > 0) data.elementClasses = Array.from(target.classList);
    if (target.target) data.elementTarget = target.target;
    const content = target.textContent?.trim();
    if (content) data.elementContent = content;
    trackSelfDescribingEvent({ event: { schema: LINK_CLICK_SCHEMA, data } });
  });
}
