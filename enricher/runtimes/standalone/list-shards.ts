import { KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';

/** Every shard of the stream, open and closed, following ListShards pagination. */
export async function listShards(client: KinesisClient, stream: string, signal?: AbortSignal): Promise<Shard[]> {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  do {
    const out = await client.send(
      new ListShardsCommand(nextToken === undefined ? { StreamName: stream, MaxResults: 1000 } : { NextToken: nextToken, MaxResults: 1000 }),
      { abortSignal: signal },
    );
    shards.push(...(out.Shards ?? []));
    nextToken = out.NextToken;
  } while (nextToken !== undefined);
  return shards;
}

/**
 * Shards that may be read now: not started, not finished, and every parent (split or merge) that still exists in
 * the listing is finished — so the records of a key are always written parent first, then child.
 */
export function readyShards(shards: readonly Shard[], started: ReadonlySet<string>, finished: ReadonlySet<string>): string[] {
  const present = new Set(shards.map((s) => s.ShardId!));
  return shards
    .filter((s) => !started.has(s.ShardId!) && !finished.has(s.ShardId!))
    .filter((s) => [s.ParentShardId, s.AdjacentParentShardId].every((p) => p === undefined || p === null || !present.has(p) || finished.has(p)))
    .map((s) => s.ShardId!);
}
