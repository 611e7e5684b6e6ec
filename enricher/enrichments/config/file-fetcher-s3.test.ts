import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { silentLogger } from '../../../common/logger';
import { createBucket, Emulator, s3Client, startEmulator } from '../../../test/harness/emulators';
import { FileFetcher } from './file-fetcher';

let s3rver: Emulator;
let client: S3Client;
let work: string;

beforeAll(async () => {
  s3rver = await startEmulator('s3rver');
  client = s3Client(s3rver.endpoint);
  await createBucket(client, 'assets');
}, 30_000);
afterAll(async () => {
  client?.destroy();
  await s3rver?.stop();
});
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sleet-fetcher-s3-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const put = (key: string, body: string) => client.send(new PutObjectCommand({ Bucket: 'assets', Key: key, Body: body }));
const fetcher = () => new FileFetcher({ cacheDir: join(work, 'cache'), log: silentLogger(), s3Client: client });

describe('FileFetcher with s3:// (s3rver)', () => {
  it('downloads an object named by uri + database into the cache dir', async () => {
    await put('third-party/iab/include_current.txt', 'Mozilla|1|0\n');
    const path = await fetcher().fetch('s3://assets/third-party/iab', 'include_current.txt');
    expect(path.startsWith(join(work, 'cache'))).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('Mozilla|1|0\n');
  });

  it('revalidates a cached copy on the next start and still serves it', async () => {
    await put('geo/a.txt', 'one');
    const first = await fetcher().fetch('s3://assets/geo/', 'a.txt');
    const second = await fetcher().fetch('s3://assets/geo', 'a.txt');
    expect(second).toBe(first);
    expect(readFileSync(second, 'utf8')).toBe('one');
  });

  it('fails clearly when the object or the bucket does not exist', async () => {
    await expect(fetcher().fetch('s3://assets/geo', 'absent.mmdb')).rejects.toThrow(/S3 GetObject s3:\/\/assets\/geo\/absent\.mmdb failed: NoSuchKey/);
    await expect(fetcher().fetch('s3://no-such-bucket/geo', 'a.txt')).rejects.toThrow(/S3 GetObject .* failed/);
  });

  it('announces a changed object to its watchers', async () => {
    await put('rules/r.yaml', 'v1');
    const f = fetcher();
    await f.fetch('s3://assets/rules', 'r.yaml');
    const seen: string[] = [];
    f.watch('s3://assets/rules', 'r.yaml', (p) => seen.push(readFileSync(p, 'utf8')));
    await f.refreshNow();
    expect(seen).toEqual([]);
    await put('rules/r.yaml', 'v2');
    await f.refreshNow();
    expect(seen).toEqual(['v2']);
    f.close();
  });
});
