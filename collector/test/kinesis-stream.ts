/** Reads every record of a Kinesis stream (all shards, from TRIM_HORIZON) — for tests against kinesalite. */
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';

export interface StreamRecord {
  readonly data: Buffer;
  readonly partitionKey: string;
  readonly shardId: string;
}

export async function readStream(client: KinesisClient, streamName: string): Promise<StreamRecord[]> {
  const shards = (await client.send(new ListShardsCommand({ StreamName: streamName }))).Shards ?? [];
  const out: StreamRecord[] = [];
  for (const shard of shards) {
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    while (iterator !== undefined) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const r of page.Records ?? []) out.push({ data: Buffer.from(r.Data!), partitionKey: r.PartitionKey!, shardId: shard.ShardId! });
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return out;
}
