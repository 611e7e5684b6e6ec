import { createBucket, dynamoClient, s3Client, startEmulator, type Emulator } from '../../../test/harness/emulators';
import { CheckpointConflictError, type CheckpointStore } from './checkpoint-store';
import { DynamoDbCheckpointStore } from './dynamodb-checkpoint-store';
import { MemoryCheckpointStore } from './memory-checkpoint-store';
import { S3CheckpointStore } from './s3-checkpoint-store';
import { ShardCheckpointer } from './shard-checkpointer';

jest.setTimeout(60_000);

let dynalite: Emulator;
let s3rver: Emulator;
const stores: Array<[string, () => CheckpointStore]> = [];

beforeAll(async () => {
  [dynalite, s3rver] = await Promise.all([startEmulator('dynalite'), startEmulator('s3rver')]);
  const ddb = new DynamoDbCheckpointStore(dynamoClient(dynalite.endpoint), 'cp-test');
  await ddb.ensureTable();
  await ddb.ensureTable(); // idempotent
  const s3 = s3Client(s3rver.endpoint);
  await createBucket(s3, 'cp-test');
  stores.push(['dynamodb', () => ddb], ['s3', () => new S3CheckpointStore(s3, 'cp-test', '_sleet/cp')], ['memory', () => new MemoryCheckpointStore()]);
});

afterAll(async () => {
  await Promise.all([dynalite?.stop(), s3rver?.stop()]);
});

const RETRY = { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 };

it.each(['dynamodb', 's3', 'memory'])('%s: versioned writes, conflicts, pending batches', async (kind) => {
  const store = stores.find(([k]) => k === kind)![1]();
  const shard = `shard-${kind}`;
  expect(await store.load('s', shard)).toBeUndefined();
  const v1 = await store.save('s', shard, { shardEnded: false, owner: 'a' }, undefined);
  await expect(store.save('s', shard, { shardEnded: false, owner: 'b' }, undefined)).rejects.toBeInstanceOf(CheckpointConflictError);
  const pending = { firstSequenceNumber: '10', lastSequenceNumber: '20', etlTimestamp: 1_700_000_000_000, keys: ['good/a', 'bad/b'] };
  const v2 = await store.save('s', shard, { sequenceNumber: '9', shardEnded: false, owner: 'a', pending }, v1);
  await expect(store.save('s', shard, { sequenceNumber: '99', shardEnded: false }, v1)).rejects.toBeInstanceOf(CheckpointConflictError);
  expect(await store.load('s', shard)).toEqual({ state: { sequenceNumber: '9', shardEnded: false, owner: 'a', pending }, version: v2 });

  // A takeover: b claims, a's next write fails.
  const a = await ShardCheckpointer.claim(store, 's', `${shard}-lease`, 'a', RETRY);
  await a.commit('5', false);
  const b = await ShardCheckpointer.claim(store, 's', `${shard}-lease`, 'b', RETRY);
  expect(b.state).toMatchObject({ sequenceNumber: '5', owner: 'b' });
  await expect(a.commit('6', false)).rejects.toBeInstanceOf(CheckpointConflictError);
  await b.savePending(pending);
  await b.commit('20', false);
  expect((await store.load('s', `${shard}-lease`))?.state).toEqual({ sequenceNumber: '20', shardEnded: false, owner: 'b' });
});

it('treats a retried write whose first attempt landed as done, not as a conflict', async () => {
  const inner = new MemoryCheckpointStore();
  let failNextAfterWrite = false;
  const flaky: CheckpointStore = {
    description: 'flaky',
    load: (s, sh) => inner.load(s, sh),
    async save(s, sh, state, expected) {
      const v = await inner.save(s, sh, state, expected);
      if (failNextAfterWrite) {
        failNextAfterWrite = false;
        throw new Error('connection reset after the write');
      }
      return v;
    },
  };
  const cp = await ShardCheckpointer.claim(flaky, 's', 'x', 'me', RETRY);
  failNextAfterWrite = true;
  await cp.commit('42', false);
  expect((await inner.load('s', 'x'))?.state.sequenceNumber).toBe('42');
  await cp.commit('43', false); // the tracked version is right
  expect((await inner.load('s', 'x'))?.state.sequenceNumber).toBe('43');
});
