import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { repairText } from '../unicode';
import { createStateClient } from './client';
import type { AddOptions, Clock, PutIfGreaterResult, QueryOptions, StateRecord, StateStore, StateValue } from './types';

/** Options of {@link DynamoDbStateStore}. */
export interface DynamoDbStateStoreOptions {
  tableName: string;
  /** @default {@link createStateClient}: the function's Region and credentials, timeouts from the event budget */
  client?: DynamoDBClient;
  /** @default Date.now, looked up on each call */
  now?: Clock;
}

/**
 * Prefix of the attributes that hold a record's data: `data.count` is the top-level number
 * attribute `d_count`, so `add` can `ADD` to it in place (`ADD` works on top-level numbers and
 * sets only), and no data field can collide with the key, TTL or idempotency attributes.
 */
export const DATA_ATTRIBUTE_PREFIX = 'd_';

/** Attribute names of the state table (see serverless.yml: keys `pk`/`sk`, TTL on `expiresAt`). */
export const STATE_TABLE = { partitionKey: 'pk', sortKey: 'sk', ttl: 'expiresAt', dataPrefix: DATA_ATTRIBUTE_PREFIX } as const;

/** Names used in every expression (`#pk`...), so no attribute can hit a DynamoDB reserved word. */
const KEY_NAMES = { '#pk': STATE_TABLE.partitionKey, '#sk': STATE_TABLE.sortKey, '#exp': STATE_TABLE.ttl } as const;

/** How often `putIfGreater` retries when the record that refused it is gone by the time it is read. */
const PUT_IF_GREATER_ATTEMPTS = 3;

/**
 * A String attribute. DynamoDB strings are Unicode in UTF-8, which a lone UTF-16 surrogate (event
 * text cut inside an emoji) cannot be written in: it becomes U+FFFD. Keys go through here too, so
 * a key is written and looked up the same way.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.String
 */
const stringAttribute = (text: string): AttributeValue => ({ S: repairText(text) });

const toAttribute = (value: StateValue): AttributeValue =>
  typeof value === 'string' ? stringAttribute(value) : typeof value === 'number' ? { N: String(value) } : { BOOL: value };

const fromAttribute = (value: AttributeValue): StateValue | undefined =>
  value.S ?? (value.N === undefined ? value.BOOL : Number(value.N));

const seconds = (ms: number): AttributeValue => ({ N: String(Math.floor(ms / 1000)) });

/** The record an item holds: keys, expiry and every `d_*` attribute; other attributes are ignored. */
const fromItem = (item: Record<string, AttributeValue>): StateRecord => {
  const data: Record<string, StateValue> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith(DATA_ATTRIBUTE_PREFIX)) continue;
    const scalar = fromAttribute(value);
    if (scalar !== undefined) data[name.slice(DATA_ATTRIBUTE_PREFIX.length)] = scalar;
  }
  return {
    pk: item[STATE_TABLE.partitionKey]?.S ?? '',
    sk: item[STATE_TABLE.sortKey]?.S ?? '',
    // No readable expiry reads as long expired: every record the stores write has one.
    expiresAt: Number(item[STATE_TABLE.ttl]?.N ?? 0),
    data,
  };
};

const toItem = (record: StateRecord): Record<string, AttributeValue> => {
  const item: Record<string, AttributeValue> = {
    [STATE_TABLE.partitionKey]: stringAttribute(record.pk),
    [STATE_TABLE.sortKey]: stringAttribute(record.sk),
    // TTL needs a Number attribute of epoch seconds.
    [STATE_TABLE.ttl]: { N: String(Math.floor(record.expiresAt)) },
  };
  for (const [name, value] of Object.entries(record.data ?? {})) item[`${DATA_ATTRIBUTE_PREFIX}${name}`] = toAttribute(value);
  return item;
};

const isConditionalCheckFailed = (error: unknown): error is ConditionalCheckFailedException =>
  error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException');

/**
 * The state store on one DynamoDB table (on-demand, TTL on `expiresAt`), with data fields as
 * top-level `d_<field>` attributes. Only single-item operations, each atomic: conditional puts,
 * `UpdateItem` with `ADD`, and queries of one partition. Expired records that TTL has not
 * deleted yet are filtered on read and overwritten by conditional writes.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD
 *
 * @example
 * ```ts
 * const store = new DynamoDbStateStore({ tableName: process.env.HERALD_STATE_TABLE });
 * const { written } = await store.putIfGreater({ pk: 'version#task/abc', sk: 'last', expiresAt, data: { version: 7 } }, 'version');
 * ```
 */
export class DynamoDbStateStore implements StateStore {
  private readonly client: DynamoDBClient;
  private readonly now: Clock;
  private readonly tableName: string;

  public constructor(options: DynamoDbStateStoreOptions) {
    this.client = options.client ?? createStateClient();
    this.now = options.now ?? (() => Date.now());
    this.tableName = options.tableName;
  }

  public async get(pk: string, sk: string): Promise<StateRecord | undefined> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: this.key(pk, sk), ConsistentRead: true }));
    if (Item === undefined) return undefined;
    const record = fromItem(Item);
    return this.expired(record) ? undefined : record;
  }

  public async putIfAbsent(record: StateRecord): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(record),
          // Absent, or present but expired and not yet deleted by TTL.
          ConditionExpression: 'attribute_not_exists(#pk) OR #exp <= :now',
          ExpressionAttributeNames: { '#pk': KEY_NAMES['#pk'], '#exp': KEY_NAMES['#exp'] },
          ExpressionAttributeValues: { ':now': seconds(this.now()) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  public async put(record: StateRecord): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: toItem(record) }));
  }

  public async claim(record: StateRecord, owner: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem({ ...record, data: { ...record.data, owner } }),
          // Absent, expired, or already this owner's (a retry refreshes its own claim).
          ConditionExpression: 'attribute_not_exists(#pk) OR #exp <= :now OR #o = :owner',
          ExpressionAttributeNames: { '#pk': KEY_NAMES['#pk'], '#exp': KEY_NAMES['#exp'], '#o': `${DATA_ATTRIBUTE_PREFIX}owner` },
          ExpressionAttributeValues: { ':now': seconds(this.now()), ':owner': stringAttribute(owner) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  public async putIfGreater(record: StateRecord, field: string): Promise<PutIfGreaterResult> {
    const value = record.data?.[field];
    if (typeof value !== 'number') throw new TypeError(`putIfGreater: data.${field} of ${record.pk} / ${record.sk} must be a number`);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: toItem(record),
            // `NOT attribute_type(#f, :n)`: a field that is absent or not a number does not
            // block (a comparison with a missing or mistyped attribute is simply false).
            ConditionExpression: 'attribute_not_exists(#pk) OR #exp <= :now OR NOT attribute_type(#f, :n) OR #f < :v',
            ExpressionAttributeNames: { '#pk': KEY_NAMES['#pk'], '#exp': KEY_NAMES['#exp'], '#f': `${DATA_ATTRIBUTE_PREFIX}${field}` },
            ExpressionAttributeValues: { ':now': seconds(this.now()), ':n': { S: 'N' }, ':v': { N: String(value) } },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { written: true };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        // DynamoDB returns the refusing item; a local DynamoDB may not, so read it then.
        const current = error.Item === undefined ? await this.get(record.pk, record.sk) : fromItem(error.Item);
        if (current !== undefined) return { written: false, current };
        // It expired or was deleted in between: the write may succeed now.
        if (attempt >= PUT_IF_GREATER_ATTEMPTS) throw error;
      }
    }
  }

  public async add(pk: string, sk: string, increments: Readonly<Record<string, number>>, options: AddOptions): Promise<StateRecord> {
    const record = await this.update(pk, sk, increments, options);
    return record ?? { pk, sk, expiresAt: Math.floor(options.expiresAt), data: {} };
  }

  public async addIfOpen(pk: string, sk: string, increments: Readonly<Record<string, number>>, options: AddOptions, closedField: string): Promise<StateRecord | undefined> {
    try {
      return await this.update(pk, sk, increments, options, closedField);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  /** One UpdateItem: sets, then adds; with `closedField`, only to an existing, unexpired, open record. */
  private async update(pk: string, sk: string, increments: Readonly<Record<string, number>>, options: AddOptions, closedField?: string): Promise<StateRecord | undefined> {
    const names: Record<string, string> = { '#exp': KEY_NAMES['#exp'] };
    const values: Record<string, AttributeValue> = { ':e': { N: String(Math.floor(options.expiresAt)) } };
    const sets = ['#exp = :e'];
    const adds: string[] = [];
    // A field in two of these is rejected by DynamoDB ("Two document paths overlap").
    Object.entries(options.setIfAbsent ?? {}).forEach(([name, value], i) => {
      names[`#s${i}`] = `${DATA_ATTRIBUTE_PREFIX}${name}`;
      values[`:s${i}`] = toAttribute(value);
      sets.push(`#s${i} = if_not_exists(#s${i}, :s${i})`);
    });
    Object.entries(options.set ?? {}).forEach(([name, value], i) => {
      names[`#t${i}`] = `${DATA_ATTRIBUTE_PREFIX}${name}`;
      values[`:t${i}`] = toAttribute(value);
      sets.push(`#t${i} = :t${i}`);
    });
    Object.entries(increments).forEach(([name, increment], i) => {
      names[`#f${i}`] = `${DATA_ATTRIBUTE_PREFIX}${name}`;
      values[`:v${i}`] = { N: String(increment) };
      adds.push(`#f${i} :v${i}`);
    });
    let condition: string | undefined;
    if (closedField !== undefined) {
      names['#pk'] = KEY_NAMES['#pk'];
      names['#closed'] = `${DATA_ATTRIBUTE_PREFIX}${closedField}`;
      values[':now'] = seconds(this.now());
      values[':true'] = { BOOL: true };
      condition = 'attribute_exists(#pk) AND #exp > :now AND (attribute_not_exists(#closed) OR #closed <> :true)';
    }
    const { Attributes } = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key(pk, sk),
        // ADD treats a missing number as 0 and creates the item if needed, atomically.
        UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes === undefined ? undefined : fromItem(Attributes);
  }

  public async query(pk: string, options: QueryOptions = {}): Promise<StateRecord[]> {
    const { limit } = options;
    // Repaired as the keys were written, so the server and the check below compare alike.
    const prefix = options.prefix === undefined ? undefined : repairText(options.prefix);
    const atMost = options.atMost === undefined ? undefined : repairText(options.atMost);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new RangeError(`query: limit must be a positive integer, not ${limit}`);
    // A key condition has at most one sort-key clause: with both, `begins_with` runs on the
    // server and `atMost` here (pages come in sort-key order, so the first key past it ends).
    // Only the names and values the expression uses: DynamoDB rejects unused ones.
    const names: Record<string, string> = { '#pk': KEY_NAMES['#pk'] };
    const values: Record<string, AttributeValue> = { ':pk': stringAttribute(pk) };
    let condition = '#pk = :pk';
    if (prefix !== undefined) {
      condition += ' AND begins_with(#sk, :p)';
      names['#sk'] = KEY_NAMES['#sk'];
      values[':p'] = stringAttribute(prefix);
    } else if (atMost !== undefined) {
      condition += ' AND #sk <= :m';
      names['#sk'] = KEY_NAMES['#sk'];
      values[':m'] = stringAttribute(atMost);
    }
    const found: StateRecord[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
          // Pages of what is still needed; expired records may take some, hence the loop.
          Limit: limit === undefined ? undefined : limit - found.length,
        }),
      );
      for (const item of page.Items ?? []) {
        const record = fromItem(item);
        if (prefix !== undefined && atMost !== undefined && record.sk > atMost) return found;
        if (!this.expired(record)) found.push(record);
        if (found.length === limit) return found;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return found;
  }

  public async delete(pk: string, sk: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: this.key(pk, sk) }));
  }

  private key(pk: string, sk: string): Record<string, AttributeValue> {
    return { [STATE_TABLE.partitionKey]: stringAttribute(pk), [STATE_TABLE.sortKey]: stringAttribute(sk) };
  }

  private expired(record: StateRecord): boolean {
    return record.expiresAt * 1000 <= this.now();
  }
}
