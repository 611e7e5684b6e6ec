import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createBucket, s3Client, startEmulator, type Emulator } from '../../test/harness/emulators';
import { gzipLines } from './gzip-lines';
import { LocalDirSink } from './local-dir-sink';
import { RetryAbortedError, withRetries } from './retry';
import { S3Sink } from './s3-sink';

jest.setTimeout(60_000);

describe('gzipLines', () => {
  it('terminates every line with a newline and is deterministic', async () => {
    const a = await gzipLines(['x\ty', 'é']);
    expect(gunzipSync(a).toString('utf8')).toBe('x\ty\né\n');
    expect((await gzipLines(['x\ty', 'é'])).equals(a)).toBe(true);
    expect(gunzipSync(await gzipLines([])).length).toBe(0);
  });
});

describe('LocalDirSink', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sleet-sink-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes keys as paths, replaces atomically, leaves no temporary file, deletes idempotently', async () => {
    const sink = new LocalDirSink(dir);
    await sink.put('good/dt=2024-05-01/hr=10/a.tsv.gz', Buffer.from('one'), 'application/gzip');
    await sink.put('good/dt=2024-05-01/hr=10/a.tsv.gz', Buffer.from('two'), 'application/gzip');
    expect(readFileSync(join(dir, 'good/dt=2024-05-01/hr=10/a.tsv.gz'), 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'good/dt=2024-05-01/hr=10'))).toEqual(['a.tsv.gz']);
    await sink.delete('good/dt=2024-05-01/hr=10/a.tsv.gz');
    await sink.delete('good/dt=2024-05-01/hr=10/a.tsv.gz');
    expect(readdirSync(join(dir, 'good/dt=2024-05-01/hr=10'))).toEqual([]);
  });

  it('refuses keys that would leave the directory', async () => {
    const sink = new LocalDirSink(dir);
    await expect(sink.put('../escape', Buffer.from('x'), 'x')).rejects.toThrow(/escapes/);
    await expect(sink.put('/etc/passwd', Buffer.from('x'), 'x')).rejects.toThrow(/escapes/);
    await expect(sink.delete('a/../../b')).rejects.toThrow(/escapes/);
  });
});

describe('S3Sink', () => {
  let s3rver: Emulator;
  let s3: S3Client;
  beforeAll(async () => {
    s3rver = await startEmulator('s3rver');
    s3 = s3Client(s3rver.endpoint);
    await createBucket(s3, 'sink-test');
  });
  afterAll(async () => {
    s3?.destroy();
    await s3rver?.stop();
  });

  it('puts small objects and uploads large ones in parts, byte-identical', async () => {
    const commands: string[] = [];
    const counted = s3Client(s3rver.endpoint);
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    const sink = new S3Sink(counted, { bucket: 'sink-test', multipartThresholdBytes: 6 * 1024 * 1024, partSizeBytes: 5 * 1024 * 1024 });
    const small = randomBytes(1000);
    const large = randomBytes(13 * 1024 * 1024); // 3 parts
    await sink.put('p/small.gz', small, 'application/gzip');
    await sink.put('p/large.gz', large, 'application/gzip');
    for (const [key, body] of [['p/small.gz', small], ['p/large.gz', large]] as const) {
      const out = await s3.send(new GetObjectCommand({ Bucket: 'sink-test', Key: key }));
      expect(Buffer.from(await out.Body!.transformToByteArray()).equals(body)).toBe(true);
    }
    expect(commands).toEqual(['PutObjectCommand', 'CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand']);
    counted.destroy();
    await sink.delete('p/small.gz');
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'sink-test', Key: 'p/small.gz' }))).rejects.toMatchObject({ name: 'NotFound' });
  });
});

describe('withRetries', () => {
  const policy = { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: Infinity };

  it('retries until success', async () => {
    let n = 0;
    await expect(withRetries(async () => (++n < 4 ? Promise.reject(new Error('no')) : n), policy)).resolves.toBe(4);
  });

  it('stops at maxAttempts, at a fatal error, and on abort', async () => {
    let n = 0;
    await expect(withRetries(async () => Promise.reject(new Error(`e${++n}`)), { ...policy, maxAttempts: 3 })).rejects.toThrow('e3');
    await expect(withRetries(async () => Promise.reject(new Error('fatal')), policy, { isFatal: () => true })).rejects.toThrow('fatal');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await expect(withRetries(async () => Promise.reject(new Error('down')), policy, { signal: ac.signal })).rejects.toBeInstanceOf(RetryAbortedError);
  });
});
