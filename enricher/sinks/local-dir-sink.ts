import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { ObjectSink } from './object-sink';

let tmpCounter = 0;

/**
 * Writes objects as files under `directory`, with the same keys (paths) as in S3, for the local mode and users
 * without S3. A file is written to a temporary name, fsynced, then renamed over the key, and the directory is
 * fsynced: a crash leaves the old file or the new one, never a torn one.
 */
export class LocalDirSink implements ObjectSink {
  readonly description: string;
  readonly #root: string;

  constructor(directory: string) {
    this.#root = resolve(directory);
    this.description = this.#root;
  }

  async put(key: string, body: Buffer, _contentType: string): Promise<void> {
    const path = this.#path(key);
    const dir = dirname(path);
    await mkdir(dir, { recursive: true });
    const tmp = `${path}.tmp-${process.pid}-${++tmpCounter}`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(body);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    await syncDir(dir);
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  /** Absolute path of a key; rejects keys that would escape the directory. */
  #path(key: string): string {
    const path = resolve(this.#root, key);
    if (!path.startsWith(this.#root + sep)) throw new Error(`object key escapes the output directory: ${key}`);
    return path;
  }
}

async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Directory fsync is not supported everywhere (e.g. some network filesystems); the rename itself stands.
  } finally {
    await fh?.close();
  }
}
