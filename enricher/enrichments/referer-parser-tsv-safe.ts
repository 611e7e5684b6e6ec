/**
 * Snowplow's `makeTsvSafe` (spec/enrich.md §1.4), used for the string outputs of referer_parser, campaign_attribution
 * and cross_navigation: each TAB becomes four spaces, then every ASCII control character (U+0000–U+001F, U+007F) is
 * deleted; an empty result is null (empty column). C1 controls (U+0080–U+009F) are kept, as in Enrich.
 */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point of this function
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

export function makeTsvSafe(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // Usual case: nothing to replace or delete, so the value as it is (no regex run, no copy).
  let control = false;
  for (let i = 0; i < value.length && !control; i++) {
    const c = value.charCodeAt(i);
    control = c < 0x20 || c === 0x7f;
  }
  if (!control) return value === '' ? null : value;
  const cleaned = value.replace(/\t/g, '    ').replace(CONTROL_CHARS, '');
  return cleaned === '' ? null : cleaned;
}
