/**
 * Sleet's own user agent enrichment (config `iglu:dev.sleet/user_agent_context_config/jsonschema/1-0-0`): a
 * `dev.sleet/user_agent_context/jsonschema/1-0-0` derived context from ua-parser-js 1.x, refined with User-Agent
 * Client Hints (./client-hints.ts) where the browser or tracker sent them: full browser version, Windows 11 vs 10,
 * the real device model behind Chrome's reduced Android user agent, CPU architecture and bitness.
 * Runs in the `yauaa` slot: the place Snowplow runs its own richer user agent enrichment.
 */
import type { SelfDescribingJson } from '../model/self-describing';
import { BrandVersion, ClientHints, readClientHints, significantBrand } from './client-hints';
import { checkParameters } from './config/parameters';
import { Enrichment, EnrichmentFactory, EnrichmentFactoryContext, EnrichmentInput } from './enrichment';
import { parseUserAgent, UaParserJsResult } from './ua-parser-js-results';

export const USER_AGENT_CONTEXT_SCHEMA = 'iglu:dev.sleet/user_agent_context/jsonschema/1-0-0';
export const SLEET_VENDOR = 'dev.sleet';
const NAME = 'user_agent_context_config';

interface Parameters {
  /** Use client hints (headers and the tracker's http_client_hints entity); default true. */
  readonly useClientHints?: boolean;
}
const PARAMETERS_SCHEMA = {
  type: 'object',
  properties: { useClientHints: { type: 'boolean' } },
  additionalProperties: false,
};

/** The context's fields, with their schema `maxLength` (values are cut to fit, so the context always validates). */
const MAX: Record<string, number> = {
  browserName: 255,
  browserVersion: 255,
  browserMajor: 64,
  engineName: 255,
  engineVersion: 255,
  osName: 255,
  osVersion: 255,
  deviceType: 64,
  deviceVendor: 255,
  deviceModel: 255,
  cpuArchitecture: 64,
  cpuBitness: 16,
};

export interface UserAgentContextData {
  browserName: string | null;
  browserVersion: string | null;
  browserMajor: string | null;
  engineName: string | null;
  engineVersion: string | null;
  osName: string | null;
  osVersion: string | null;
  deviceType: string | null;
  deviceVendor: string | null;
  deviceModel: string | null;
  cpuArchitecture: string | null;
  cpuBitness: string | null;
  isMobile: boolean | null;
  clientHintsUsed: boolean;
}

/** Client-hint brand names → ua-parser-js browser names. */
const BRAND_NAMES: Readonly<Record<string, string>> = {
  'Google Chrome': 'Chrome',
  'Microsoft Edge': 'Edge',
  'Opera GX': 'Opera GX',
};
/** Client-hint platform names → ua-parser-js OS names. */
const PLATFORM_NAMES: Readonly<Record<string, string>> = { macOS: 'Mac OS', 'Chrome OS': 'Chromium OS', 'Chromium OS': 'Chromium OS' };

export function userAgentContextData(ua: string | null, hints: ClientHints | null): UserAgentContextData {
  const r: UaParserJsResult | null = ua ? parseUserAgent(ua) : null;
  const data: UserAgentContextData = {
    browserName: r?.browser.name ?? null,
    browserVersion: r?.browser.version ?? null,
    browserMajor: r?.browser.major ?? null,
    engineName: r?.engine.name ?? null,
    engineVersion: r?.engine.version ?? null,
    osName: r?.os.name ?? null,
    osVersion: r?.os.version ?? null,
    deviceType: r?.device.type ?? null,
    deviceVendor: r?.device.vendor ?? null,
    deviceModel: r?.device.model ?? null,
    cpuArchitecture: r?.cpu.architecture ?? null,
    cpuBitness: null,
    isMobile: null,
    clientHintsUsed: false,
  };
  if (hints) applyHints(data, hints);
  for (const [key, max] of Object.entries(MAX)) {
    const v = data[key as keyof typeof MAX & keyof UserAgentContextData];
    if (typeof v === 'string' && v.length > max) (data as unknown as Record<string, unknown>)[key] = v.slice(0, max);
  }
  return data;
}

function applyHints(data: UserAgentContextData, hints: ClientHints): void {
  const used = () => {
    data.clientHintsUsed = true;
  };
  const brand = significantBrand(hints.brands);
  if (brand) {
    if (data.browserName === null) {
      data.browserName = BRAND_NAMES[brand.brand] ?? brand.brand;
      data.browserMajor = brand.version.split('.')[0] || null;
      data.browserVersion = brand.version || null;
      used();
    }
    const full = fullVersionOf(brand, hints);
    // A reduced user agent says `124.0.0.0`; the hints carry the real build when the majors agree.
    if (full && data.browserMajor === full.split('.')[0] && full !== data.browserVersion) {
      data.browserVersion = full;
      used();
    }
  }
  const platform = hints.platform ? PLATFORM_NAMES[hints.platform] ?? hints.platform : null;
  if (platform && data.osName === null) {
    data.osName = platform;
    data.osVersion = null;
    used();
  }
  if (hints.platformVersion && platform && platform === data.osName) {
    const version = platform === 'Windows' ? windowsVersion(hints.platformVersion) : hints.platformVersion;
    if (version && version !== data.osVersion) {
      data.osVersion = version;
      used();
    }
  }
  if (hints.model) {
    data.deviceModel = hints.model;
    used();
  }
  const arch = architecture(hints.architecture, hints.bitness);
  if (arch) {
    data.cpuArchitecture = arch;
    used();
  }
  if (hints.bitness) {
    data.cpuBitness = hints.bitness;
    used();
  }
  if (hints.mobile !== null) {
    data.isMobile = hints.mobile;
    if (hints.mobile && data.deviceType === null) data.deviceType = 'mobile';
    used();
  }
}

function fullVersionOf(brand: BrandVersion, hints: ClientHints): string | null {
  const listed = hints.fullVersionList?.find((b) => b.brand === brand.brand)?.version;
  return listed || hints.fullVersion || null;
}

/**
 * Sec-CH-UA-Platform-Version on Windows is the Windows.Foundation.UniversalApiContract version: 13 and up is
 * Windows 11, 1–10 Windows 10, 0.1/0.2/0.3 Windows 7/8/8.1 (Microsoft's documented mapping).
 */
export function windowsVersion(platformVersion: string): string | null {
  const [major, minor] = platformVersion.split('.').map(Number);
  if (!Number.isInteger(major)) return null;
  if (major >= 13) return '11';
  if (major >= 1) return '10';
  return ({ 1: '7', 2: '8', 3: '8.1' } as Record<number, string>)[minor] ?? null;
}

function architecture(arch: string | null, bitness: string | null): string | null {
  if (!arch) return null;
  const a = arch.toLowerCase();
  if (a === 'x86') return bitness === '64' ? 'amd64' : bitness === '32' ? 'ia32' : 'x86';
  if (a === 'arm') return bitness === '64' ? 'arm64' : 'arm';
  return a;
}

export class UserAgentContextEnrichment implements Enrichment {
  readonly slot = 'yauaa' as const;
  readonly name = NAME;

  constructor(private readonly useClientHints: boolean) {}

  enrich({ event, raw }: EnrichmentInput): { contexts: SelfDescribingJson[] } | undefined {
    const ua = event.useragent || null;
    const hints = this.useClientHints ? readClientHints(raw.headers, event.contexts) : null;
    if (ua === null && hints === null) return undefined;
    return { contexts: [{ schema: USER_AGENT_CONTEXT_SCHEMA, data: userAgentContextData(ua, hints) }] };
  }
}

export const userAgentContextFactory: EnrichmentFactory = {
  vendor: SLEET_VENDOR,
  name: NAME,
  model: 1,
  async create(parameters: unknown, ctx: EnrichmentFactoryContext): Promise<Enrichment> {
    const params = checkParameters<Parameters>(parameters ?? {}, PARAMETERS_SCHEMA, ctx.file, NAME);
    return new UserAgentContextEnrichment(params.useClientHints ?? true);
  },
};
