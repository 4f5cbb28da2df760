import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Clock, StateRecord, StateStore, StateValue } from './types';

/** Options of {@link DynamoDbStateStore}. */
export interface DynamoDbStateStoreOptions {
  tableName: string;
  /** @default a client for the function's own Region and credentials */
  client?: DynamoDBClient;
  /** @default Date.now */
  now?: Clock;
}

/** Attribute names of the state table (see serverless.yml). */
export const STATE_TABLE = { partitionKey: 'pk', sortKey: 'sk', ttl: 'expiresAt', data: 'data' } as const;

const toAttribute = (value: StateValue): AttributeValue =>
  typeof value === 'string' ? { S: value } : typeof value === 'number' ? { N: String(value) } : { BOOL: value };

const fromAttribute = (value: AttributeValue): StateValue | undefined =>
  value.S ?? (value.N === undefined ? value.BOOL : Number(value.N));

/**
 * The state store on one DynamoDB table (on-demand, TTL on `expiresAt`). Only single-item
 * conditional writes: they are atomic, cheap, and what the local DynamoDB in tests supports.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
export class DynamoDbStateStore implements StateStore {
  private readonly client: DynamoDBClient;
  private readonly now: Clock;

  public constructor(private readonly options: DynamoDbStateStoreOptions) {
    this.client = options.client ?? new DynamoDBClient({});
    this.now = options.now ?? Date.now;
  }

  public async get(pk: string, sk: string): Promise<StateRecord | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.options.tableName, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    const expiresAt = Number(Item.expiresAt?.N ?? 0);
    if (expiresAt * 1000 <= this.now()) return undefined;
    const data: Record<string, StateValue> = {};
    for (const [name, value] of Object.entries(Item.data?.M ?? {})) {
      const scalar = fromAttribute(value);
      if (scalar !== undefined) data[name] = scalar;
    }
    return { pk, sk, expiresAt, data };
  }

  public async putIfAbsent(record: StateRecord): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: this.item(record),
          // Absent, or present but expired and not yet deleted by TTL.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': { N: String(Math.floor(this.now() / 1000)) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  public async put(record: StateRecord): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.options.tableName, Item: this.item(record) }));
  }

  private item(record: StateRecord): Record<string, AttributeValue> {
    const item: Record<string, AttributeValue> = {
      pk: { S: record.pk },
      sk: { S: record.sk },
      expiresAt: { N: String(Math.floor(record.expiresAt)) },
    };
    if (record.data !== undefined) {
      item.data = { M: Object.fromEntries(Object.entries(record.data).map(([k, v]) => [k, toAttribute(v)])) };
    }
    return item;
  }
}
