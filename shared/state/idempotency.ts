import {
  IdempotencyInvalidStatusError,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { IdempotencyRecordOptions, IdempotencyRecordStatusValue } from '@aws-lambda-powertools/idempotency/types';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STATE_TABLE } from './dynamodb';
import type { StateRecord, StateStore, StateValue } from './types';

/** Partition of the idempotency records in the state table; the sort key is the idempotency key. */
export const IDEMPOTENCY_PARTITION = 'idempotency#herald';

/**
 * Fields of an idempotency record. The same names as the attributes of
 * {@link createDynamoDbIdempotencyStore}, though not interchangeable: the state store keeps
 * them as `d_`-prefixed data attributes, so use one layer per table.
 */
export const IDEMPOTENCY_FIELDS = {
  status: 'status',
  inProgressExpiry: 'inProgressExpiry',
  response: 'response',
  payloadHash: 'payloadHash',
  /** Compare-and-swap counter for taking over an abandoned in-progress record (state store only). */
  version: 'version',
} as const;

/** How often `_putRecord` retries when the record that refused it is gone by the time it is read. */
const PUT_ATTEMPTS = 3;

/** Options of {@link StateStorePersistenceLayer}. */
export interface StateStorePersistenceLayerOptions {
  /** Where records live: memory in tests, a file in the CLI. */
  store: StateStore;
  /** @default 'idempotency#herald' ({@link IDEMPOTENCY_PARTITION}) */
  staticPkValue?: string;
}

const isStatus = (value: StateValue | undefined): value is IdempotencyRecordStatusValue =>
  Object.values<StateValue | undefined>(IdempotencyRecordStatus).includes(value);

const numberOr = (value: StateValue | undefined): number | undefined => (typeof value === 'number' ? value : undefined);

/** The stored response: JSON text, as data fields hold scalars only. */
const parseResponse = (value: StateValue | undefined): IdempotencyRecordOptions['responseData'] =>
  typeof value === 'string' ? JSON.parse(value) : undefined;

/**
 * Powertools idempotency on the state-store port, so `makeIdempotent` runs over
 * {@link MemoryStateStore} in tests and {@link FileStateStore} in the CLI with the
 * DynamoDB layer's semantics: a new record is written unless an unexpired one exists, or one
 * `INPROGRESS` whose in-progress expiry (the Lambda's deadline) has passed. That takeover is a
 * compare-and-swap on a `version` field (`putIfGreater`), so of several concurrent takers one
 * wins. In Lambda, use {@link createDynamoDbIdempotencyStore}.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/#persistence-layers
 *
 * @example
 * ```ts
 * const persistenceStore = new StateStorePersistenceLayer({ store: new MemoryStateStore() });
 * const once = makeIdempotent(handle, { persistenceStore, config: new IdempotencyConfig({ eventKeyJmesPath: 'id' }) });
 * ```
 */
export class StateStorePersistenceLayer extends BasePersistenceLayer {
  private readonly store: StateStore;
  private readonly staticPkValue: string;

  /** The last key derived, and from what: an event's key is derived once to save it in progress and again to save its result. */
  private lastKey: { prefix: string; data: string; key: string } | undefined;

  public constructor(options: StateStorePersistenceLayerOptions) {
    super();
    this.store = options.store;
    this.staticPkValue = options.staticPkValue ?? IDEMPOTENCY_PARTITION;
  }

  protected override getHashedIdempotencyKey(data: Parameters<BasePersistenceLayer['getHashedIdempotencyKey']>[0]): string {
    if (typeof data !== 'string') return super.getHashedIdempotencyKey(data);
    const prefix = this.idempotencyKeyPrefix;
    if (this.lastKey?.data !== data || this.lastKey.prefix !== prefix) this.lastKey = { prefix, data, key: super.getHashedIdempotencyKey(data) };
    return this.lastKey.key;
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const stored = await this.store.get(this.staticPkValue, idempotencyKey);
    if (stored === undefined) throw new IdempotencyItemNotFoundError();
    return this.toIdempotencyRecord(stored);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const key = record.idempotencyKey;
    // A new record's version is the time in ms, above any version a takeover made of a record
    // that has since expired: a compare-and-swap started before the expiry cannot land after it.
    const fresh = this.toStateRecord(record, Date.now(), record.inProgressExpiryTimestamp);
    for (let attempt = 1; attempt <= PUT_ATTEMPTS; attempt++) {
      if (await this.store.putIfAbsent(fresh)) return;
      const current = await this.store.get(this.staticPkValue, key);
      // Expired or deleted since the write was refused: try again.
      if (current === undefined) continue;
      if (!this.isAbandoned(current)) throw this.alreadyExists(key, current);
      const takeover = this.toStateRecord(record, (numberOr(current.data?.[IDEMPOTENCY_FIELDS.version]) ?? 0) + 1, record.inProgressExpiryTimestamp);
      const result = await this.store.putIfGreater(takeover, IDEMPOTENCY_FIELDS.version);
      if (result.written) return;
      throw this.alreadyExists(key, result.current);
    }
    // Without the record, Powertools reads it again (`getRecord`) to decide.
    throw new IdempotencyItemAlreadyExistsError(`Failed to put record for already existing idempotency key: ${key}`);
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    // Unconditional, as in Powertools' DynamoDB layer (last writer wins); the version moves on
    // so a takeover that read the in-progress record cannot overwrite the result.
    const current = await this.store.get(this.staticPkValue, record.idempotencyKey);
    const version = (numberOr(current?.data?.[IDEMPOTENCY_FIELDS.version]) ?? Date.now()) + 1;
    await this.store.put(this.toStateRecord(record, version, numberOr(current?.data?.[IDEMPOTENCY_FIELDS.inProgressExpiry])));
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await this.store.delete(this.staticPkValue, record.idempotencyKey);
  }

  /** `INPROGRESS` past its in-progress expiry: the invocation that wrote it timed out or crashed. */
  private isAbandoned(stored: StateRecord): boolean {
    const inProgressExpiry = numberOr(stored.data?.[IDEMPOTENCY_FIELDS.inProgressExpiry]);
    // Date.now, not the store's clock: Powertools sets the in-progress expiry from Date.now.
    return stored.data?.[IDEMPOTENCY_FIELDS.status] === IdempotencyRecordStatus.INPROGRESS && inProgressExpiry !== undefined && inProgressExpiry < Date.now();
  }

  private alreadyExists(key: string, stored: StateRecord): IdempotencyItemAlreadyExistsError {
    return new IdempotencyItemAlreadyExistsError(`Failed to put record for already existing idempotency key: ${key}`, this.toIdempotencyRecord(stored));
  }

  private toStateRecord(record: IdempotencyRecord, version: number, inProgressExpiry: number | undefined): StateRecord {
    const data: Record<string, StateValue> = { [IDEMPOTENCY_FIELDS.status]: record.getStatus(), [IDEMPOTENCY_FIELDS.version]: version };
    if (inProgressExpiry !== undefined) data[IDEMPOTENCY_FIELDS.inProgressExpiry] = inProgressExpiry;
    if (record.responseData !== undefined) data[IDEMPOTENCY_FIELDS.response] = JSON.stringify(record.responseData);
    if (this.isPayloadValidationEnabled() && record.payloadHash !== undefined) data[IDEMPOTENCY_FIELDS.payloadHash] = record.payloadHash;
    return {
      pk: this.staticPkValue,
      sk: record.idempotencyKey,
      // Epoch seconds, the state store's expiry; Powertools always sets it on records it saves.
      expiresAt: record.expiryTimestamp ?? Math.floor(Date.now() / 1000) + this.getExpiresAfterSeconds(),
      data,
    };
  }

  private toIdempotencyRecord(stored: StateRecord): IdempotencyRecord {
    const status = stored.data?.[IDEMPOTENCY_FIELDS.status];
    if (!isStatus(status)) throw new IdempotencyInvalidStatusError(String(status));
    const payloadHash = stored.data?.[IDEMPOTENCY_FIELDS.payloadHash];
    return new IdempotencyRecord({
      idempotencyKey: stored.sk,
      status,
      expiryTimestamp: stored.expiresAt,
      inProgressExpiryTimestamp: numberOr(stored.data?.[IDEMPOTENCY_FIELDS.inProgressExpiry]),
      responseData: parseResponse(stored.data?.[IDEMPOTENCY_FIELDS.response]),
      payloadHash: typeof payloadHash === 'string' ? payloadHash : undefined,
    });
  }
}

/** Options of {@link createDynamoDbIdempotencyStore}. */
export interface DynamoDbIdempotencyStoreOptions {
  /** The state table. */
  tableName: string;
  /** @default a client for the function's own Region and credentials */
  client?: DynamoDBClient;
}

/** The sort key of every idempotency item in the state table. */
export const IDEMPOTENCY_SORT_KEY = 'idempotency';

/**
 * Powertools' DynamoDB layer, keyed for a table with a partition and a sort key without
 * putting every event in one partition: Powertools' own choice there (a static partition,
 * the idempotency key as sort key) would send every event's writes to a single partition,
 * which DynamoDB caps at about 1,000 writes per second. Here the idempotency key is the
 * partition key and the sort key is constant.
 */
class SpreadDynamoDBPersistenceLayer extends DynamoDBPersistenceLayer {
  protected override getKey(idempotencyKey: string): Record<string, AttributeValue> {
    return { [STATE_TABLE.partitionKey]: { S: idempotencyKey }, [STATE_TABLE.sortKey]: { S: IDEMPOTENCY_SORT_KEY } };
  }

  /** Puts under way in this instance, per idempotency key. */
  private readonly putting = new Map<string, number>();

  /**
   * A put that DynamoDB applied but whose answer was lost (a timeout) is sent again by the SDK,
   * and refused by the record it wrote: taken for another invocation's, the event would be
   * reported a duplicate and never sent. The record's expiries, this invocation's deadline to
   * the millisecond, tell this attempt's own record from another invocation's; two puts of the
   * same key under way here at once cannot be told apart, and neither is taken for its own.
   */
  protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
    const key = record.idempotencyKey;
    this.putting.set(key, (this.putting.get(key) ?? 0) + 1);
    try {
      await super._putRecord(record);
    } catch (error) {
      if (!(error instanceof IdempotencyItemAlreadyExistsError) || record.inProgressExpiryTimestamp === undefined || this.putting.get(key) !== 1) throw error;
      // DynamoDB returns the refusing item (ALL_OLD); where it does not, it is read.
      const existing = error.existingRecord ?? (await this._getRecord(key).catch(() => undefined));
      const own =
        existing !== undefined &&
        existing.getStatus() === IdempotencyRecordStatus.INPROGRESS &&
        existing.inProgressExpiryTimestamp === record.inProgressExpiryTimestamp &&
        existing.expiryTimestamp === record.expiryTimestamp;
      if (!own) throw error;
    } finally {
      const left = (this.putting.get(key) ?? 1) - 1;
      if (left === 0) this.putting.delete(key);
      else this.putting.set(key, left);
    }
  }
}

/**
 * Powertools' own DynamoDB persistence layer on the state table: one item per event id (the
 * idempotency key as partition key, sort key `idempotency`), the record's expiry in
 * `expiresAt`, the table's TTL attribute, so DynamoDB deletes old records.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/#dynamodbpersistencelayer
 *
 * @example
 * ```ts
 * const persistenceStore = createDynamoDbIdempotencyStore({ tableName: process.env.HERALD_STATE_TABLE });
 * ```
 */
export const createDynamoDbIdempotencyStore = (options: DynamoDbIdempotencyStoreOptions): DynamoDBPersistenceLayer =>
  new SpreadDynamoDBPersistenceLayer({
    tableName: options.tableName,
    keyAttr: STATE_TABLE.partitionKey,
    // Set so Powertools reads and reports the sort key; getKey above decides the values.
    sortKeyAttr: STATE_TABLE.sortKey,
    expiryAttr: STATE_TABLE.ttl,
    statusAttr: IDEMPOTENCY_FIELDS.status,
    inProgressExpiryAttr: IDEMPOTENCY_FIELDS.inProgressExpiry,
    dataAttr: IDEMPOTENCY_FIELDS.response,
    validationKeyAttr: IDEMPOTENCY_FIELDS.payloadHash,
    awsSdkV3Client: options.client,
  });
