/**
 * Lenient base64 as Enrich reads `cx` and `ue_px` (Apache commons-codec): both alphabets (`+/` and `-_`), padding
 * optional, characters outside the alphabet ignored; bytes decoded as UTF-8 (malformed sequences → U+FFFD).
 */
export function decodeBase64Lenient(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}

/** commons-codec `encodeBase64URLSafeString`: URL-safe alphabet, no padding. */
export function encodeBase64UrlNoPad(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
