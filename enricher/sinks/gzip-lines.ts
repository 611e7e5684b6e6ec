import { promisify } from 'node:util';
import { gzip as gzipCb, constants } from 'node:zlib';

const gzip = promisify(gzipCb);

/**
 * Newline-terminated lines (the last one included, as Snowplow's S3 loader writes them), gzipped. Node's gzip header
 * carries no file name and a zero mtime, so equal lines give equal bytes: replays rewrite identical objects.
 */
export async function gzipLines(lines: readonly string[], level: number = constants.Z_DEFAULT_COMPRESSION): Promise<Buffer> {
  const text = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  return gzip(Buffer.from(text, 'utf8'), { level });
}
