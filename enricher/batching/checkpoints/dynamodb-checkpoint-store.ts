import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import {
  CheckpointConflictError,
  decodePending,
  encodePending,
  type CheckpointStore,
  type ShardCheckpoint,
  type StoredCheckpoint,
} from './checkpoint-store';

/**
 * Checkpoints in a DynamoDB table with hash key `leaseKey` (S) = `<stream>/<shardId>`. Every write is a PutItem
 * conditioned on the version read before (`attribute_not_exists` for the first), so two processes can never both
 * advance one shard: single-item conditional writes only (dynalite has no transactions, and none are needed).
 */
export class DynamoDbCheckpointStore implements CheckpointStore {
  readonly description: string;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.description = `dynamodb table ${tableName}`;
  }

  /** Creates the table (on-demand billing) when it does not exist; for local runs and tests. */
  async ensureTable(): Promise<void> {
    try {
      await this.client.send(new DescribeTableCommand({ TableName: this.tableName }));
      return;
    } catch (e) {
      if (!(e instanceof ResourceNotFoundException)) throw e;
    }
    try {
      await this.client.send(
        new CreateTableCommand({
          TableName: this.tableName,
          AttributeDefinitions: [{ AttributeName: 'leaseKey', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'leaseKey', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } catch (e) {
      if ((e as Error).name !== 'ResourceInUseException') throw e;
    }
    for (let i = 0; i < 300; i++) {
      const d = await this.client.send(new DescribeTableCommand({ TableName: this.tableName }));
      if (d.Table?.TableStatus === 'ACTIVE') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`table ${this.tableName} did not become ACTIVE`);
  }

  async load(stream: string, shardId: string): Promise<StoredCheckpoint | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { leaseKey: { S: leaseKey(stream, shardId) } }, ConsistentRead: true }),
    );
    const item = out.Item;
    if (item === undefined) return undefined;
    const state: ShardCheckpoint = {
      sequenceNumber: item.checkpoint?.S,
      shardEnded: item.shardEnded?.BOOL === true,
      pending: decodePending(item.pending?.S),
      owner: item.owner?.S,
    };
    return { state, version: item.version?.N ?? '0' };
  }

  async save(stream: string, shardId: string, state: ShardCheckpoint, expected: string | undefined): Promise<string> {
    const version = String((expected === undefined ? 0 : Number(expected)) + 1);
    const item: Record<string, AttributeValue> = {
      leaseKey: { S: leaseKey(stream, shardId) },
      shardEnded: { BOOL: state.shardEnded },
      version: { N: version },
      updatedAt: { S: new Date().toISOString() },
    };
    if (state.sequenceNumber !== undefined) item.checkpoint = { S: state.sequenceNumber };
    const pending = encodePending(state.pending);
    if (pending !== undefined) item.pending = { S: pending };
    if (state.owner !== undefined) item.owner = { S: state.owner };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(leaseKey)' }
            : {
                ConditionExpression: '#v = :expected',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':expected': { N: expected } },
              }),
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException') {
        throw new CheckpointConflictError(stream, shardId);
      }
      throw e;
    }
    return version;
  }
}

function leaseKey(stream: string, shardId: string): string {
  return `${stream}/${shardId}`;
}
