/**
 * Object keys of the S3 layout (DESIGN.md "Data flow", docs/runtime.md "Layout"):
 *
 *   <prefix>/good/dt=YYYY-MM-DD/hr=HH/<stream>-<shard>-<firstSeq>.tsv.gz
 *   <prefix>/bad/dt=YYYY-MM-DD/hr=HH/<stream>-<shard>-<firstSeq>.jsonl.gz
 *
 * `firstSeq` is the sequence number of the first input record with a line in the object. A key therefore depends
 * only on the input position, never on a clock or a random id: re-processing a range overwrites what it wrote.
 */
export type OutputKind = 'good' | 'bad';

const EXTENSION: Readonly<Record<OutputKind, string>> = { good: 'tsv.gz', bad: 'jsonl.gz' };

export interface ObjectKeyParts {
  /** Key prefix without trailing slash; '' for the bucket/directory root. */
  readonly prefix: string;
  readonly kind: OutputKind;
  /** `dt=YYYY-MM-DD/hr=HH` (hourPartition). */
  readonly partition: string;
  readonly stream: string;
  readonly shardId: string;
  readonly firstSequenceNumber: string;
}

/** Characters allowed in the file-name part; anything else (there should be none) becomes `_`. */
const UNSAFE = /[^A-Za-z0-9._-]/g;

export function objectKey(p: ObjectKeyParts): string {
  const file = `${p.stream}-${p.shardId}-${p.firstSequenceNumber}`.replace(UNSAFE, '_');
  const head = normalisePrefix(p.prefix);
  return `${head}${p.kind}/${p.partition}/${file}.${EXTENSION[p.kind]}`;
}

/** '' → '', 'a/b/' → 'a/b/', 'a/b' → 'a/b/', '/a' → 'a/'. */
export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}
