/**
 * The three web origins of the journey, all on loopback: the search engine (127.0.0.1:P3, shows the ad), campaign
 * site 1 (localhost:P1, the landing page) and campaign site 2 (127.0.0.1:P2, the store). Each campaign site talks
 * to the collector under its own host name, so the collector's cookie is first-party (same-site) on both.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSiteBundles, SITE_TEMPLATES } from '../sites/build-sites';
import { SelfDescribing, SiteConfig } from '../sites/site-config';
import { renderTemplate, SiteServer, startSiteServer } from './site-server';

export interface SiteIdentity {
  readonly trackerNamespace: string;
  readonly appId: string;
}

export interface CampaignSitesPlan {
  /** Port where visitors reach the collector (the forwarding proxy). */
  readonly collectorPort: number;
  readonly landing: SiteIdentity;
  readonly store: SiteIdentity;
  readonly userId: string;
  /** Query string of the ad's landing URL (utm_*, gclid). */
  readonly campaignQuery: string;
  /** Query string of the search results page. */
  readonly searchQuery: string;
  /** Entities attached to each site's page view (and its page pings). */
  readonly landingPageContext: SelfDescribing;
  readonly storePageContext: SelfDescribing;
  readonly selfDescribingEvent: SelfDescribing;
  readonly invalidSelfDescribingEvent: SelfDescribing;
}

export interface CampaignSites {
  readonly searchPageUrl: string;
  readonly searchEngineHost: string;
  /** The ad's target: landing page URL with the campaign query. */
  readonly landingUrl: string;
  /** The store page as linked from the landing page (before the linker adds `_sp`). */
  readonly storeUrl: string;
  readonly collectorOrigins: { readonly landing: string; readonly store: string };
  close(): Promise<void>;
}

export const LANDING_PATH = '/spring-sale';
export const STORE_PATH = '/products/trail-runner-2';
export const SEARCH_PATH = '/search';

export async function startCampaignSites(plan: CampaignSitesPlan): Promise<CampaignSites> {
  const bundleDir = mkdtempSync(join(tmpdir(), 'sleet-e2e-bundles-'));
  const servers: SiteServer[] = [];
  try {
    const bundles = await buildSiteBundles(bundleDir);
    const landing = await startSiteServer(bundles.springSale);
    servers.push(landing);
    const store = await startSiteServer(bundles.store);
    servers.push(store);
    const search = await startSiteServer();
    servers.push(search);

    const collectorOrigins = {
      landing: `http://localhost:${plan.collectorPort}`,
      store: `http://127.0.0.1:${plan.collectorPort}`,
    };
    const landingUrl = `http://localhost:${landing.port}${LANDING_PATH}?${plan.campaignQuery}`;
    const storeUrl = `http://127.0.0.1:${store.port}${STORE_PATH}`;
    const searchPageUrl = `http://127.0.0.1:${search.port}${SEARCH_PATH}?${plan.searchQuery}`;

    const landingConfig: SiteConfig = {
      ...plan.landing,
      collectorUrl: collectorOrigins.landing,
      userId: plan.userId,
      linkerTargetHost: '127.0.0.1',
      pageContext: plan.landingPageContext,
      selfDescribingEvent: plan.selfDescribingEvent,
      invalidSelfDescribingEvent: plan.invalidSelfDescribingEvent,
    };
    const storeConfig: SiteConfig = {
      ...plan.store,
      collectorUrl: collectorOrigins.store,
      userId: plan.userId,
      pageContext: plan.storePageContext,
    };
    const template = (file: string) => readFileSync(file, 'utf8');
    landing.setPage(
      LANDING_PATH,
      renderTemplate(template(SITE_TEMPLATES.springSale), { SITE_CONFIG: JSON.stringify(landingConfig), STORE_URL: storeUrl }),
    );
    store.setPage(STORE_PATH, renderTemplate(template(SITE_TEMPLATES.store), { SITE_CONFIG: JSON.stringify(storeConfig) }));
    search.setPage(SEARCH_PATH, renderTemplate(template(SITE_TEMPLATES.searchEngine), { AD_URL: landingUrl }));

    return {
      searchPageUrl,
      searchEngineHost: '127.0.0.1',
      landingUrl,
      storeUrl,
      collectorOrigins,
      close: async () => {
        await Promise.all(servers.map((s) => s.close()));
        rmSync(bundleDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(bundleDir, { recursive: true, force: true });
    throw err;
  }
}
