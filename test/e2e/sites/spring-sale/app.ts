/**
 * Campaign site 1 ("spring sale" landing page, reached from a search ad with utm_* and gclid): page view with the
 * web_page context and a custom entity, page pings, a structured event, a valid and an invalid self-describing
 * event, and a link to site 2 decorated by the cross-domain linker.
 */
import { trackPageView, trackSelfDescribingEvent, trackStructEvent } from '@snowplow/browser-tracker';
import { readSiteConfig, startTracker, trackLinkClicks } from '../page-tracker';
import { PAGE_READY_FLAG } from '../site-config';

const config = readSiteConfig();
startTracker(config);
trackLinkClicks();
trackPageView({ contextCallback: () => [config.pageContext] });
trackStructEvent({ category: 'promo', action: 'view-banner', label: 'spring-sale-hero', property: 'hero', value: 42.5 });
if (config.selfDescribingEvent) trackSelfDescribingEvent({ event: config.selfDescribingEvent });
if (config.invalidSelfDescribingEvent) trackSelfDescribingEvent({ event: config.invalidSelfDescribingEvent });
(window as unknown as Record<string, boolean>)[PAGE_READY_FLAG] = true;
