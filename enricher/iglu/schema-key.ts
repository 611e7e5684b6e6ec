/**
 * Iglu schema keys and SchemaVer (spec/iglu-and-output.md §1.1, §1.3).
 *
 * `iglu:vendor/name/format/MODEL-REVISION-ADDITION`. The core library's regex is stricter than the instance schema's
 * pattern: MODEL starts at 1 and no part has leading zeros. That is the one used here.
 */

export interface SchemaVer {
  readonly model: number;
  readonly revision: number;
  readonly addition: number;
}

export interface SchemaKey {
  readonly vendor: string;
  readonly name: string;
  readonly format: string;
  readonly version: SchemaVer;
}

/** The longest vendor, name or format accepted before any registry is asked (hostile keys never reach the network). */
export const MAX_SCHEMA_KEY_PART_LENGTH = 255;

const IGLU_URI = /^iglu:([a-zA-Z0-9-_.]+)\/([a-zA-Z0-9-_]+)\/([a-zA-Z0-9-_]+)\/([0-9]+-[0-9]+-[0-9]+)$/;
const SCHEMA_VER = /^([1-9][0-9]*)-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$/;

/** Why a string is not a usable schema key; codes follow Iglu core's parse errors. */
export type SchemaKeyError = 'INVALID_IGLUURI' | 'INVALID_SCHEMAVER';

export function parseSchemaVer(text: string): SchemaVer | null {
  const m = SCHEMA_VER.exec(text);
  if (m === null) return null;
  const version = { model: Number(m[1]), revision: Number(m[2]), addition: Number(m[3]) };
  if (!Number.isSafeInteger(version.model) || !Number.isSafeInteger(version.revision)) return null;
  if (!Number.isSafeInteger(version.addition)) return null;
  return version;
}

/** Parses an Iglu URI; returns the error code instead of throwing (the input usually comes from an event). */
export function parseSchemaKey(uri: string): SchemaKey | SchemaKeyError {
  if (typeof uri !== 'string' || uri.length > 4 * MAX_SCHEMA_KEY_PART_LENGTH + 16) return 'INVALID_IGLUURI';
  const m = IGLU_URI.exec(uri);
  if (m === null) return 'INVALID_IGLUURI';
  const [, vendor, name, format, ver] = m as unknown as [string, string, string, string, string];
  if (vendor.length > MAX_SCHEMA_KEY_PART_LENGTH || name.length > MAX_SCHEMA_KEY_PART_LENGTH) return 'INVALID_IGLUURI';
  if (format.length > MAX_SCHEMA_KEY_PART_LENGTH) return 'INVALID_IGLUURI';
  // A vendor made only of dots would be a path traversal in a file or URL layout; no real vendor looks like that.
  if (/^\.+$/.test(vendor)) return 'INVALID_IGLUURI';
  const version = parseSchemaVer(ver);
  if (version === null) return 'INVALID_SCHEMAVER';
  return { vendor, name, format, version };
}

export function isSchemaKey(value: SchemaKey | SchemaKeyError): value is SchemaKey {
  return typeof value !== 'string';
}

export function formatSchemaVer(v: SchemaVer): string {
  return `${v.model}-${v.revision}-${v.addition}`;
}

/** `vendor/name/format/M-R-A`: the path of a schema below a repository's `schemas/` root. */
export function schemaKeyPath(key: SchemaKey): string {
  return `${key.vendor}/${key.name}/${key.format}/${formatSchemaVer(key.version)}`;
}

export function schemaKeyUri(key: SchemaKey): string {
  return `iglu:${schemaKeyPath(key)}`;
}

/** Numeric order on (model, revision, addition): negative when a < b. */
export function compareSchemaVer(a: SchemaVer, b: SchemaVer): number {
  return a.model - b.model || a.revision - b.revision || a.addition - b.addition;
}
