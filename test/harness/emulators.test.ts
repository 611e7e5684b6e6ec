import { PutRecordsCommand, GetShardIteratorCommand, GetRecordsCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateTableCommand, PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createBucket, createStream, dynamoClient, kinesisClient, s3Client, startEmulator } from './emulators';

describe('AWS emulators on loopback', () => {
  it('kinesalite: put and read back records over the real protocol, then stop by PID', async () => {
    const emu = await startEmulator('kinesalite');
    try {
      expect(emu.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const k = kinesisClient(emu.endpoint);
      await createStream(k, 'raw', 1);
      await k.send(new PutRecordsCommand({ StreamName: 'raw', Records: [{ Data: Buffer.from('hello'), PartitionKey: 'p' }] }));
      const shards = await k.send(new ListShardsCommand({ StreamName: 'raw' }));
      const it = await k.send(new GetShardIteratorCommand({ StreamName: 'raw', ShardId: shards.Shards![0].ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
      const got = await k.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator! }));
      expect(Buffer.from(got.Records![0].Data!).toString()).toBe('hello');
      k.destroy();
    } finally {
      await emu.stop();
    }
    expect(() => process.kill(emu.pid, 0)).toThrow();
  });

  it('s3rver: put and get an object', async () => {
    const emu = await startEmulator('s3rver');
    try {
      const s3 = s3Client(emu.endpoint);
      await createBucket(s3, 'sleet-test');
      await s3.send(new PutObjectCommand({ Bucket: 'sleet-test', Key: 'a/b.txt', Body: 'data' }));
      const o = await s3.send(new GetObjectCommand({ Bucket: 'sleet-test', Key: 'a/b.txt' }));
      expect(await o.Body!.transformToString()).toBe('data');
      s3.destroy();
    } finally {
      await emu.stop();
    }
  });

  it('dynalite: conditional put and consistent get', async () => {
    const emu = await startEmulator('dynalite');
    try {
      const d = dynamoClient(emu.endpoint);
      await d.send(new CreateTableCommand({ TableName: 'checkpoints', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }] }));
      await d.send(new PutItemCommand({ TableName: 'checkpoints', Item: { k: { S: 'x' } }, ConditionExpression: 'attribute_not_exists(k)' }));
      await expect(d.send(new PutItemCommand({ TableName: 'checkpoints', Item: { k: { S: 'x' } }, ConditionExpression: 'attribute_not_exists(k)' }))).rejects.toThrow(/conditional/i);
      const got = await d.send(new GetItemCommand({ TableName: 'checkpoints', Key: { k: { S: 'x' } }, ConsistentRead: true }));
      expect(got.Item?.k.S).toBe('x');
      d.destroy();
    } finally {
      await emu.stop();
    }
  });
});
