/**
 * Set-Cookie rendering in the http4s ResponseCookie layout collector 3.x sends (spec/collector.md §2.1):
 * `name=value; Expires=<IMF-fixdate>; Domain=<d>; Path=/; SameSite=<s>; Secure; HttpOnly`. `Secure` is forced by
 * `SameSite=None`. Values are UUIDs or empty (a clearing cookie), names and domains come from validated config.
 */
import type { SameSite } from '../config/schema';

export interface CookieAttributes {
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: SameSite;
}

/** The attributes after `Domain` (they never change for a given cookie), precomputed. */
function tail(a: CookieAttributes, httpOnly: boolean): string {
  let s = `; Path=/; SameSite=${a.sameSite}`;
  if (a.secure || a.sameSite === 'None') s += '; Secure';
  if (httpOnly) s += '; HttpOnly';
  return s;
}

export class CookieRenderer {
  readonly #tail: string;
  constructor(
    readonly name: string,
    attributes: CookieAttributes,
    httpOnly: boolean = attributes.httpOnly,
  ) {
    this.#tail = tail(attributes, httpOnly);
  }

  render(value: string, expires: string, domain: string | undefined): string {
    return domain === undefined
      ? `${this.name}=${value}; Expires=${expires}${this.#tail}`
      : `${this.name}=${value}; Expires=${expires}; Domain=${domain}${this.#tail}`;
  }
}
