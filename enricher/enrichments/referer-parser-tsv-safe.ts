/**
 * Snowplow's `makeTsvSafe` (spec/enrich.md §1.4), used for the string outputs of referer_parser, campaign_attribution
 * and cross_navigation: each TAB becomes four spaces, then every ASCII control character (U+0000–U+001F, U+007F) is
 * deleted; an empty result is null (empty column). C1 controls (U+0080–U+009F) are kept, as in Enrich.
 */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point of this function
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

export function makeTsvSafe(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = value.replace(/\t/g, '    ').replace(CONTROL_CHARS, '');
  return cleaned === '' ? null : cleaned;
}
