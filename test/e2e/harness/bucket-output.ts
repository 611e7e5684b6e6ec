/**
 * What the enricher wrote to S3, read back the way an analyst's tools see it: every object under
 * `<prefix>/good/` and `<prefix>/bad/`, gunzipped and split into lines, and optionally mirrored to a local
 * directory with the same keys (what `aws s3 sync` would give) for DuckDB.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

export interface OutputObject {
  /** Key relative to the prefix, e.g. `good/dt=2026-11-22/hr=10/raw-shardId-000000000000-4959….tsv.gz`. */
  readonly key: string;
  readonly body: Buffer;
  /** Gunzipped lines, without their `\n` (a file's final `\n` does not yield an empty line). */
  readonly lines: string[];
  /** True when the decompressed text ends in `\n` (Snowplow's S3 loader layout: every line terminated). */
  readonly endsWithNewline: boolean;
}

export interface BucketOutput {
  readonly good: OutputObject[];
  readonly bad: OutputObject[];
  /** Keys that are neither good/ nor bad/ objects. */
  readonly other: string[];
}

export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys.sort();
}

export async function readBucketOutput(s3: S3Client, bucket: string, prefix: string): Promise<BucketOutput> {
  const base = prefix === '' ? '' : `${prefix.replace(/\/$/, '')}/`;
  const output: { good: OutputObject[]; bad: OutputObject[]; other: string[] } = { good: [], bad: [], other: [] };
  for (const fullKey of await listKeys(s3, bucket, base)) {
    const key = fullKey.slice(base.length);
    const kind = key.startsWith('good/') ? 'good' : key.startsWith('bad/') ? 'bad' : undefined;
    if (kind === undefined) {
      output.other.push(key);
      continue;
    }
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: fullKey }));
    const body = Buffer.from(await answer.Body!.transformToByteArray());
    const text = gunzipSync(body).toString('utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    output[kind].push({ key, body, lines, endsWithNewline: text.endsWith('\n') });
  }
  return output;
}

/** Writes every object under `<dir>/<key>` (the gzip bytes as stored). */
export function mirrorToDirectory(output: BucketOutput, dir: string): void {
  for (const o of [...output.good, ...output.bad]) {
    const file = join(dir, o.key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, o.body);
  }
}
