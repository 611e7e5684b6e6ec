/**
 * Querystring decoding with the semantics of Apache HttpClient's `URLEncodedUtils.parse`, which Enrich uses for the
 * page URL querystring (spec/enrich.md §0.1, §4.6, §4.12): pairs split on both `&` and `;`, `+` decodes to a space,
 * `%xx` sequences are decoded as UTF-8 bytes (invalid bytes become U+FFFD), malformed escapes (`%zz`, a trailing `%`)
 * stay literal, whitespace around names and values is dropped, a name without `=` has a null value, and the last duplicate wins.
 */

const HEX = /^[0-9a-fA-F]{2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decodes one `application/x-www-form-urlencoded` component leniently. */
export function decodeFormComponent(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) {
      out += utf8.decode(Uint8Array.from(bytes));
      bytes = [];
    }
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '%' && i + 2 < text.length && HEX.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    flush();
    out += ch === '+' ? ' ' : ch;
  }
  flush();
  return out;
}

export interface QueryPair {
  readonly name: string;
  readonly value: string | null;
}

/** Parses a raw (still percent-encoded) querystring, without the leading `?`, into its pairs in order. */
export function parseQuerystringPairs(query: string | null | undefined): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (!query) return pairs;
  for (const pair of query.split(/[&;]/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    // HttpClient's token parser drops insignificant whitespace around names and values before decoding.
    const name = decodeFormComponent((eq < 0 ? pair : pair.slice(0, eq)).trim());
    if (name === '') continue;
    pairs.push({ name, value: eq < 0 ? null : decodeFormComponent(pair.slice(eq + 1).trim()) });
  }
  return pairs;
}

/** The pairs as a map where the last duplicate wins (and takes the last position), as Enrich's list → map. */
export function parseQuerystring(query: string | null | undefined): Map<string, string | null> {
  const params = new Map<string, string | null>();
  for (const { name, value } of parseQuerystringPairs(query)) {
    params.delete(name);
    params.set(name, value);
  }
  return params;
}
