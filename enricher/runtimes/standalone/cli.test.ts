/** `sleet enricher` as an operator runs it: help, config errors, and clear start-up failures. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStream, kinesisClient, startEmulator, type Emulator } from '../../../test/harness/emulators';
import { spawnSleet } from '../test-support/sleet-process';

jest.setTimeout(60_000);

let kinesalite: Emulator;
let s3rver: Emulator;
let dynalite: Emulator;
let dir: string;

beforeAll(async () => {
  [kinesalite, s3rver, dynalite] = await Promise.all([startEmulator('kinesalite'), startEmulator('s3rver'), startEmulator('dynalite')]);
  dir = mkdtempSync(join(tmpdir(), 'sleet-enricher-cli-'));
});

afterAll(async () => {
  await Promise.all([kinesalite?.stop(), s3rver?.stop(), dynalite?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const AWS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

function config(overrides: object): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      input: { streamName: 'cli-raw' },
      aws: { endpoints: { kinesis: kinesalite.endpoint, s3: s3rver.endpoint, dynamodb: dynalite.endpoint }, s3ForcePathStyle: true },
      output: { s3: { bucket: 'no-such-bucket' } },
      checkpoints: { dynamodb: { tableName: 'cli-cp', createTable: true } },
      metrics: { enabled: false },
      ...overrides,
    }),
  );
  return file;
}

it('prints its options and exits 0 on --help; exits 2 with every config problem listed', async () => {
  const help = spawnSleet(['enricher', '--help'], AWS);
  const lines: string[] = [];
  help.child.stdout!.on('data', (d: Buffer) => lines.push(d.toString()));
  expect(await help.exited).toBe(0);
  expect(lines.join('')).toMatch(/batching\.flushMaxAgeSecs \(default 30\)/);

  const bad = spawnSleet(['enricher', '--config', config({ batching: { flushMaxAgeSecs: -1, nope: 1 } })], AWS);
  expect(await bad.exited).toBe(2);
  expect(bad.stderr()).toMatch(/batching\.nope: unknown key/);
  expect(bad.stderr()).toMatch(/batching\.flushMaxAgeSecs/);

  const none = spawnSleet(['enricher'], AWS);
  expect(await none.exited).toBe(2);
  expect(none.stderr()).toMatch(/--config FILE is required/);
});

it('fails fast and clearly on a missing output bucket or a missing stream', async () => {
  await createStream(kinesisClient(kinesalite.endpoint), 'cli-raw', 1);
  const noBucket = spawnSleet(['enricher', '--config', config({})], AWS);
  expect(await noBucket.exited).toBe(1);
  expect(noBucket.stderr()).toMatch(/output bucket no-such-bucket: does not exist/);

  const noStream = spawnSleet(['enricher', '--config', config({ input: { streamName: 'no-such-stream' }, output: { type: 'local', local: { directory: join(dir, 'out') } } })], AWS);
  expect(await noStream.exited).toBe(1);
  expect(noStream.stderr()).toMatch(/no-such-stream/);
});
