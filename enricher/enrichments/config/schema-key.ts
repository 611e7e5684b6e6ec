/** An Iglu schema key `iglu:vendor/name/format/model-revision-addition` (spec/iglu-and-output.md §1.1). */
export interface SchemaKey {
  readonly vendor: string;
  readonly name: string;
  readonly format: string;
  readonly model: number;
  readonly revision: number;
  readonly addition: number;
}

const SCHEMA_URI = /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/([1-9][0-9]*)-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$/;

/** Parses an Iglu URI; null when it is not one. */
export function parseSchemaKey(uri: string): SchemaKey | null {
  const m = SCHEMA_URI.exec(uri);
  if (!m) return null;
  return {
    vendor: m[1],
    name: m[2],
    format: m[3],
    model: Number(m[4]),
    revision: Number(m[5]),
    addition: Number(m[6]),
  };
}

export function schemaVersion(key: SchemaKey): string {
  return `${key.model}-${key.revision}-${key.addition}`;
}
