/**
 * ua-parser-js 1.x (MIT; 2.x is AGPL and must never be used) parse results, cached per user agent and shared by
 * `user_agent_utils_config` and Sleet's own user agent context, which both read the same strings.
 */
import { UAParser } from 'ua-parser-js';
import { LruCache } from './lru-cache';
import { ownCopy } from './own-string';

export interface UaParserJsResult {
  readonly browser: { readonly name?: string; readonly version?: string; readonly major?: string };
  readonly engine: { readonly name?: string; readonly version?: string };
  readonly os: { readonly name?: string; readonly version?: string };
  readonly device: { readonly vendor?: string; readonly model?: string; readonly type?: string };
  readonly cpu: { readonly architecture?: string };
}

/** Longest user agent handed to ua-parser-js (its own limit is 500 characters; it truncates longer input itself). */
const MAX_LENGTH = 1024;
const cache = new LruCache<string, UaParserJsResult>(10_000);
const parser = new UAParser();

export function parseUserAgent(ua: string): UaParserJsResult {
  let result = cache.get(ua);
  if (result === undefined) {
    // An own copy: the cached result's strings are cut from it (see ./own-string.ts).
    parser.setUA(ownCopy(ua.length > MAX_LENGTH ? ua.slice(0, MAX_LENGTH) : ua));
    const r = parser.getResult();
    result = Object.freeze({
      browser: Object.freeze({ name: r.browser.name, version: r.browser.version, major: r.browser.major }),
      engine: Object.freeze({ name: r.engine.name, version: r.engine.version }),
      os: Object.freeze({ name: r.os.name, version: r.os.version }),
      device: Object.freeze({ vendor: r.device.vendor, model: r.device.model, type: r.device.type }),
      cpu: Object.freeze({ architecture: r.cpu.architecture }),
    });
    cache.set(ua, result);
  }
  return result;
}
