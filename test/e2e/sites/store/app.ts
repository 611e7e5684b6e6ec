/**
 * Campaign site 2 (the store, on another origin), reached through the cross-domain linker from site 1: a page view
 * (whose URL carries `_sp`) and a structured "add to basket" event when the visitor clicks the button.
 */
import { trackPageView, trackStructEvent } from '@snowplow/browser-tracker';
import { readSiteConfig, startTracker } from '../page-tracker';
import { PAGE_READY_FLAG } from '../site-config';

const config = readSiteConfig();
startTracker(config);
trackPageView({ contextCallback: () => [config.pageContext] });
document.getElementById('add-to-basket')?.addEventListener('click', () => {
  trackStructEvent({ category: 'basket', action: 'add', label: 'trail-runner-2', value: 89.99 });
});
(window as unknown as Record<string, boolean>)[PAGE_READY_FLAG] = true;
