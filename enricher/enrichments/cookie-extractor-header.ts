/**
 * Parses the value of a `Cookie` header (`a=b; c="d"`) into name/value pairs, in order, the way HttpCore's header
 * value parser reads name-value pairs: pairs separated by `;`, whitespace around names and values dropped, a quoted
 * value unquoted (a backslash escapes the next character inside quotes, and `;` inside quotes does not separate), a
 * name without `=` has a null value.
 */
export interface CookiePair {
  readonly name: string;
  readonly value: string | null;
}

export function parseCookieHeader(value: string): CookiePair[] {
  const pairs: CookiePair[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    let name = '';
    while (i < n && value[i] !== '=' && value[i] !== ';') name += value[i++];
    let pairValue: string | null = null;
    if (i < n && value[i] === '=') {
      i++;
      let text = '';
      let quoted = false;
      let sawQuote = false;
      while (i < n) {
        const ch = value[i];
        if (quoted) {
          if (ch === '\\' && i + 1 < n) {
            text += value[i + 1];
            i += 2;
            continue;
          }
          if (ch === '"') quoted = false;
          else text += ch;
          i++;
          continue;
        }
        if (ch === ';') break;
        if (ch === '"' && text.trim() === '' && !sawQuote) {
          quoted = true;
          sawQuote = true;
          text = '';
          i++;
          continue;
        }
        text += ch;
        i++;
      }
      pairValue = sawQuote ? text : text.trim();
    }
    i++; // skip the `;`
    const trimmedName = name.trim();
    if (trimmedName !== '' || pairValue !== null) pairs.push({ name: trimmedName, value: pairValue });
  }
  return pairs;
}
