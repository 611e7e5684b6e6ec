/**
 * What a campaign page needs to know at run time, shared by the Node side (which renders it into the page) and the
 * browser bundle (which reads it). Ports are only known once the test servers listen, so the values travel in a
 * `<meta name="sleet-e2e-config">` tag rather than being baked into the bundle.
 */
export interface SelfDescribing {
  readonly schema: string;
  readonly data: Record<string, unknown>;
}

export interface SiteConfig {
  /** Tracker namespace (`tna`). */
  readonly trackerNamespace: string;
  readonly appId: string;
  /** Collector origin as the page sees it, e.g. `http://localhost:40123`. */
  readonly collectorUrl: string;
  /** Business user id set with `setUserId` (the PII enrichment must hash it). */
  readonly userId: string;
  /** Links to this host get the cross-domain linker's `_sp` parameter. */
  readonly linkerTargetHost?: string;
  /** Entity attached to the page view (and, through `contextCallback`, to its page pings). */
  readonly pageContext: SelfDescribing;
  /** A valid self-describing event, tracked on load. */
  readonly selfDescribingEvent?: SelfDescribing;
  /** The same schema with data that breaks it: must end up in bad/ as a schema violation. */
  readonly invalidSelfDescribingEvent?: SelfDescribing;
}

export const SITE_CONFIG_META = 'sleet-e2e-config';

/** Set on `window` by the page once its on-load tracking calls have been made. */
export const PAGE_READY_FLAG = '__sleetTrackingReady';
